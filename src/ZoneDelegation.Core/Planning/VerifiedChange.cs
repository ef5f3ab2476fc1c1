using System.Runtime.ExceptionServices;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Planning;

/// <summary>
/// The one change protocol every applier uses: run the plan's steps in order on its compute node, then read the
/// state back and compare it with what was planned (VerificationFailed when they differ). Every step is a write
/// (<see cref="PlannedCommand"/> marks it): never killed mid-way, on a timeout or Ctrl+C it is reported as possibly
/// still running (CommandMayStillBeRunning). Whatever is read after a write has run, after success or after a
/// failed step, is read in a scope Ctrl+C cannot cancel: the operator must learn what is in place now.
/// </summary>
internal static class VerifiedChange
{
    /// <param name="transport">The compute node's transport.</param>
    /// <param name="plan">The approved plan; every step is a write.</param>
    /// <param name="readBack">Reads the state the plan changed.</param>
    /// <param name="differences">What differs from the plan in the state read back; empty when it is as planned.</param>
    /// <param name="verificationFailed">The error (VerificationFailed, with the applier's text) for the differences found.</param>
    /// <param name="stepFailed">
    /// The error for a failed step (run in the no-cancel scope, so it may read back what is there); return the step's
    /// own error to pass it on unchanged. Null: the step's error, its message saying which steps ran and what was read back.
    /// </param>
    /// <returns>The state read back, as planned.</returns>
    public static TState Apply<TState>(ICommandTransport transport, ChangePlan plan, Func<TState> readBack,
        Func<TState, IReadOnlyList<string>> differences, Func<TState, IReadOnlyList<string>, Exception> verificationFailed,
        Func<StepFailure, Exception>? stepFailed = null)
    {
        ArgumentNullException.ThrowIfNull(readBack);
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentNullException.ThrowIfNull(verificationFailed);
        var failure = RunUntilFailure(transport, plan);
        if (failure is { Stopped: true })
        {
            // Stopped between steps: say which ran and what is in place now (read where Ctrl+C cannot cancel it).
            throw PartialChange.Stopped(plan, failure.Completed, ReadBack(() => PartialChange.DescribeReadBack(readBack, differences)));
        }

        if (failure is not null)
        {
            // Without an explanation of the applier's own, the step's error says which steps ran and what is in place now.
            Throw(failure, stepFailed ?? (failed => PartialChange.Failed(failed, PartialChange.DescribeReadBack(readBack, differences))));
        }

        var after = ReadBack(readBack);
        var found = differences(after);
        return found.Count == 0 ? after : throw verificationFailed(after, found);
    }

    /// <summary>
    /// Runs the steps in order; the first failure stops them and is thrown (through <paramref name="stepFailed"/> when given).
    /// A stop (Ctrl+C) before a step starts is a failure too: ChangeStopped, naming the steps that ran.
    /// </summary>
    public static void Run(ICommandTransport transport, ChangePlan plan, Func<StepFailure, Exception>? stepFailed = null)
    {
        var failure = RunUntilFailure(transport, plan);
        if (failure is not null)
        {
            Throw(failure, stepFailed);
        }
    }

    private static void Throw(StepFailure failure, Func<StepFailure, Exception>? stepFailed)
    {
        var error = stepFailed is null ? failure.Error : ReadBack(() => stepFailed(failure));
        if (ReferenceEquals(error, failure.Error))
        {
            ExceptionDispatchInfo.Throw(failure.Error);
        }

        throw error;
    }

    /// <summary>
    /// Runs the steps in order and stops at the first failure or at a stop (Ctrl+C), saying which steps completed
    /// before it; null when all ran.
    /// </summary>
    public static StepFailure? RunUntilFailure(ICommandTransport transport, ChangePlan plan)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(plan);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            try
            {
                transport.Run(plan.Steps[i].Command);
            }
            catch (ZoneDelegationException error)
            {
                return new StepFailure(plan, i, error);
            }
            catch (OperationCanceledException)
            {
                // A write in flight is never cancelled (it ends as CommandMayStillBeRunning): this step never started.
                return new StepFailure(plan, i, PartialChange.Stopped(plan, i, readBack: null));
            }
        }

        return null;
    }

    /// <summary>Reads in a scope Ctrl+C cannot cancel: what a write left behind is always read to the end.</summary>
    public static T ReadBack<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var noCancel = CommandCancellation.Enter(CancellationToken.None);
        return read();
    }
}

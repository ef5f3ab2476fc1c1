using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Planning;

/// <summary>
/// What a change that did not run to the end left behind, as its error says it: which steps completed, which
/// never started, and what was read back afterwards. Used for a change stopped by Ctrl+C between two steps
/// (ChangeStopped) and for a failed step (a write cut short by Ctrl+C or a timeout is CommandMayStillBeRunning)
/// whose applier does not explain it itself. The operator must never be left to guess what is in place.
/// </summary>
internal static class PartialChange
{
    /// <summary>ChangeStopped: the operation was stopped before step <paramref name="completed"/> + 1 started.</summary>
    /// <param name="plan">The plan that was stopped.</param>
    /// <param name="completed">How many steps completed; the next one never started.</param>
    /// <param name="readBack">What is in place now, as a sentence; null when nothing was read.</param>
    public static ZoneDelegationException Stopped(ChangePlan plan, int completed, string? readBack)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new ZoneDelegationException(ErrorIds.ChangeStopped, ZoneErrorCategory.OperationStopped,
            $"The change to {plan.Target} on {plan.ComputeNode} was stopped before step {completed + 1} of {plan.Steps.Count} started " +
            $"({plan.Summary}). {Completed(plan, completed)} {NotRun(plan, completed)}" + (readBack is null ? string.Empty : " " + readBack),
            plan.Target,
            "Nothing more was run. Check what is in place now (the Get- cmdlet for it), then run the command again: it plans only what is still missing.");
    }

    /// <summary>The step's own error (same ErrorId, category and details), its message saying which steps ran and what was read back.</summary>
    public static ZoneDelegationException Failed(StepFailure failure, string readBack)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var error = failure.Error;
        var message = $"{error.Message} It was step {failure.Completed + 1} of {failure.Plan.Steps.Count}. " +
                      $"{Completed(failure.Plan, failure.Completed)} {NotRun(failure.Plan, failure.Completed + 1)} {readBack}";
        return error is NativeCommandException native
            ? new NativeCommandException(native.ErrorId, native.Category, message, native.ComputeNode, native.CommandLine, native.ExitCode,
                native.StandardError, native.Hint)
            : new ZoneDelegationException(error.ErrorId, error.Category, message, error.Target, error.Hint, error);
    }

    /// <summary>The state read back, compared with the plan; never throws for a read that fails.</summary>
    public static string DescribeReadBack<TState>(Func<TState> readBack, Func<TState, IReadOnlyList<string>> differences)
    {
        ArgumentNullException.ThrowIfNull(readBack);
        ArgumentNullException.ThrowIfNull(differences);
        try
        {
            var found = differences(readBack());
            return found.Count == 0
                ? "Read back: everything is as planned."
                : "Read back, not as planned yet: " + string.Join("; ", found) + ".";
        }
        catch (Exception error) when (error is ZoneDelegationException or OperationCanceledException)
        {
            return "What is in place now could not be read back: " + error.Message;
        }
    }

    private static string Completed(ChangePlan plan, int completed) =>
        completed == 0
            ? "No step had completed."
            : "Completed: " + string.Join("; ", plan.Steps.Take(completed).Select((s, i) => $"{i + 1}. {s.Command.CommandLine}")) + ".";

    private static string NotRun(ChangePlan plan, int from) =>
        from >= plan.Steps.Count
            ? "No step was left to run."
            : "Not run: " + string.Join("; ", plan.Steps.Skip(from).Select((s, i) => $"{from + i + 1}. {s.Command.CommandLine}")) + ".";
}

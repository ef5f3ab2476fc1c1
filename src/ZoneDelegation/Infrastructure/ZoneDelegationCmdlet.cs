using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// What every cmdlet of the module shares: error conversion, connection resolution, writing the
/// results of parallel work on the pipeline thread, and Ctrl+C: the cmdlet's stop token is made the
/// ambient <see cref="CommandCancellation"/> (in BeginProcessing, and again whenever a connection is
/// resolved), so every command any service starts for it stops when the user presses Ctrl+C.
/// </summary>
public abstract class ZoneDelegationCmdlet : PSCmdlet, IDisposable
{
    /// <summary>Default for -ThrottleLimit on fan-out cmdlets (Posh-SSH uses 32 too).</summary>
    protected const int DefaultThrottleLimit = 32;

    private readonly CancellationTokenSource stopping = new();

    protected static ConnectionRegistry Connections => ConnectionRegistry.Default;

    /// <summary>Cancelled when the user presses Ctrl+C or a downstream Select-Object -First stops the pipeline.</summary>
    protected CancellationToken StopToken => stopping.Token;

    private CommandCancellation.Scope? stopScope;

    protected override void StopProcessing() => stopping.Cancel();

    /// <summary>Makes Ctrl+C reach every command started from here on. A cmdlet that overrides this calls base.BeginProcessing() first.</summary>
    protected override void BeginProcessing() => EnterStopScope();

    /// <summary>Ends the cmdlet's stop scope (PowerShell disposes a cmdlet when its pipeline ends).</summary>
    public void Dispose()
    {
        stopScope?.Dispose();
        stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Enters the stop scope on this thread, once per thread it is needed on.</summary>
    protected void EnterStopScope()
    {
        if (CommandCancellation.Current != StopToken)
        {
            stopScope = CommandCancellation.Enter(StopToken);
        }
    }

    /// <summary>
    /// Runs work on each compute node in parallel (connections resolved on the worker, so an unknown
    /// name is that CN's error, not the whole command's) and writes outputs and errors here, on the
    /// pipeline thread. No targets: the one open connection.
    /// </summary>
    protected void ForEachComputeNode<TOutput>(IReadOnlyList<ComputeNodeTarget> targets, int throttleLimit,
        Func<ComputeNodeConnection, CancellationToken, IEnumerable<TOutput>> work)
    {
        EnterStopScope();
        if (targets.Count == 0)
        {
            ComputeNodeConnection only;
            try
            {
                only = Connections.Resolve(null);
            }
            catch (ZoneDelegationException error)
            {
                ThrowZoneError(error);
                return;
            }

            targets = [new ComputeNodeTarget(only)];
        }

        WriteResults(
            FanOut.Run(targets, throttleLimit, (target, token) => work(target.Resolve(Connections), token), StopToken, reportFinished: true),
            FanOutProgress.For<ComputeNodeTarget>(MyInvocation.MyCommand.Name, targets.Count, target => target.ToString() ?? string.Empty));
    }

    /// <summary>The effective delegation policy; a policy that cannot be read ends the cmdlet (a missing precondition).</summary>
    protected Core.Policy.DelegationPolicy LoadPolicyOrStop()
    {
        try
        {
            return PolicyAccess.Load(this, null).Policy;
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
            throw; // not reached: ThrowZoneError throws
        }
    }

    /// <summary>Ends the cmdlet: for bad parameters and missing preconditions only.</summary>
    protected void ThrowZoneError(Exception exception) => ThrowTerminatingError(ErrorRecordFactory.Create(exception));

    /// <summary>A per-target failure: written, and the cmdlet goes on with the next target.</summary>
    protected void WriteZoneError(Exception exception) => WriteError(ErrorRecordFactory.Create(exception));

    /// <summary>The connections named (or piped) by the caller, else the one open connection.</summary>
    protected IReadOnlyList<ComputeNodeConnection> ResolveComputeNodes(ComputeNodeTarget[]? given)
    {
        EnterStopScope();
        if (given is { Length: > 0 })
        {
            return given.Select(target => target.Resolve(Connections)).ToList();
        }

        return [Connections.Resolve(null)];
    }

    /// <summary>The connection named (or piped) by the caller, else the one open connection.</summary>
    protected ComputeNodeConnection ResolveComputeNode(ComputeNodeTarget? given)
    {
        EnterStopScope();
        return given is null ? Connections.Resolve(null) : given.Resolve(Connections);
    }

    /// <summary>
    /// Writes each output and error of a fan-out as it arrives (errors are non-terminating; an exception a
    /// worker yields as an output is one item's error, written as such) and, with
    /// <paramref name="progress"/>, a progress record per finished input: done/total and the CN just
    /// finished. PowerShell hides it under $ProgressPreference = 'SilentlyContinue'.
    /// </summary>
    protected void WriteResults<TInput, TOutput>(IEnumerable<FanOutResult<TInput, TOutput>> results, FanOutProgress<TInput>? progress = null)
    {
        foreach (var result in results)
        {
            if (result.IsFinished)
            {
                if (progress is not null)
                {
                    WriteProgress(progress.Finished(result.Input));
                }
            }
            else if (result.IsError)
            {
                WriteFailure(result.Error!);
            }
            else if (result.Output is Exception itemError)
            {
                // A worker's stream yields the error of one item (a zone it could not read) and goes on.
                WriteFailure(itemError);
            }
            else
            {
                WriteOutput(result.Output);
            }
        }

        if (progress is not null)
        {
            WriteProgress(progress.Completed());
        }
    }

    /// <summary>Where each fan-out output goes; a cmdlet may reshape it (Test-PlatformSupport -Quiet).</summary>
    protected virtual void WriteOutput(object? output) => WriteObject(output);

    /// <summary>Where each fan-out failure goes: a non-terminating error record.</summary>
    protected virtual void WriteFailure(Exception error) => WriteZoneError(error);
}

using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Execution;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// What every cmdlet of the module shares: error conversion, connection resolution, and writing the
/// results of parallel work on the pipeline thread.
/// </summary>
public abstract class ZoneDelegationCmdlet : PSCmdlet
{
    /// <summary>Default for -ThrottleLimit on fan-out cmdlets (Posh-SSH uses 32 too).</summary>
    protected const int DefaultThrottleLimit = 32;

    protected static ConnectionRegistry Connections => ConnectionRegistry.Default;

    /// <summary>Ends the cmdlet: for bad parameters and missing preconditions only.</summary>
    protected void ThrowZoneError(Exception exception) => ThrowTerminatingError(ErrorRecordFactory.Create(exception));

    /// <summary>A per-target failure: written, and the cmdlet goes on with the next target.</summary>
    protected void WriteZoneError(Exception exception) => WriteError(ErrorRecordFactory.Create(exception));

    /// <summary>The connections named (or piped) by the caller, else the one open connection.</summary>
    protected static IReadOnlyList<ComputeNodeConnection> ResolveComputeNodes(ComputeNodeTarget[]? given)
    {
        if (given is { Length: > 0 })
        {
            return given.Select(target => target.Resolve(Connections)).ToList();
        }

        return [Connections.Resolve(null)];
    }

    /// <summary>The connection named (or piped) by the caller, else the one open connection.</summary>
    protected static ComputeNodeConnection ResolveComputeNode(ComputeNodeTarget? given) =>
        given is null ? Connections.Resolve(null) : given.Resolve(Connections);

    /// <summary>Writes each output and error of a fan-out as it arrives; errors are non-terminating.</summary>
    protected void WriteResults<TInput, TOutput>(IEnumerable<FanOutResult<TInput, TOutput>> results)
    {
        foreach (var result in results)
        {
            if (result.IsError)
            {
                WriteZoneError(result.Error!);
            }
            else
            {
                WriteObject(result.Output);
            }
        }
    }
}

using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Placement;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// What New-SafeZone's placement sees of each compute node: platform support, memory and disk, what the zones
/// already hold, and what is unreserved under the policy's overprovision ratios. Reads each CN in a fixed number of
/// commands (Core/Placement/ComputeNodeCapacityReader), in parallel up to -ThrottleLimit.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ComputeNodeCapacity")]
[OutputType(typeof(ComputeNodeCapacity))]
public sealed class GetComputeNodeCapacityCommand : FleetCmdlet<ZoneUuid>
{
    private DelegationPolicy policy = DelegationPolicy.Default;

    /// <summary>The CNs; none: every open connection (the CNs New-SafeZone chooses from when it is given none).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public override ComputeNodeTarget[]? ComputeNode { get; set; }

    protected override void OnBeginProcessing()
    {
        policy = LoadPolicyOrStop();
    }

    protected override void OnProcessRecord()
    {
        // No -ComputeNode: the default connection, or every open one (with fewer, the fleet base says what is missing).
        if (ComputeNode is not { Length: > 0 } && (Connections.DefaultComputeNode is not null || Connections.All.Count(c => c.IsOpen) > 1))
        {
            ComputeNode = [.. Connections.ResolveDefaultOrAllOpen().Select(connection => new ComputeNodeTarget(connection))];
        }

        RequestComputeNodes();
    }

    protected override void OnEndProcessing() =>
        ForEachRequest((connection, _, _) => new object[] { ComputeNodeCapacityReader.Read(connection, policy) });
}

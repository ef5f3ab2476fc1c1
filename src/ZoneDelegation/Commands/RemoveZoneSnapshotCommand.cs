using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Destroys zone snapshots, one at a time and never recursively: root snapshots, or with -Force the
/// zone admin's. Takes Get-ZoneSnapshot's output from the pipeline.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ZoneSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveZoneSnapshotCommand : ZoneChangeCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string Zone { get; set; } = string.Empty;

    /// <summary>The name after '@' as Get-ZoneSnapshot shows it; for a root snapshot also the vmadm name.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The snapshotted dataset; the zone root when not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public string? Dataset { get; set; }

    /// <summary>Also destroy a snapshot below the zone root (the zone admin's).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void OnProcessRecord() =>
        PlanAndApply(connection => ZoneSnapshotRemovalPlanner.Plan(connection, ZoneNameResolver.ResolveOne(connection, Zone), Name, Dataset, Force), (connection, plan) =>
        {
            ZoneSnapshotRemovalApplier.Apply(connection, plan);
            return null;
        });
}

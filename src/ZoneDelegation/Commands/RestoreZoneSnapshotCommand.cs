using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Rolls a zone root back to one of its snapshots, and only the zone root: stops the zone if it runs,
/// zfs rollback -r (destroying the newer root snapshots, listed in the plan), starts it again. The
/// delegated datasets are read before and after and must be the same.
/// </summary>
[Cmdlet(VerbsData.Restore, "ZoneSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ZoneSnapshotRestore))]
public sealed class RestoreZoneSnapshotCommand : ZoneChangeCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string Zone { get; set; } = string.Empty;

    /// <summary>The root snapshot: vmsnap-&lt;name&gt; as Get-ZoneSnapshot shows it, or the vmadm name.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotNameCompleter))]
    public string Name { get; set; } = string.Empty;

    protected override void OnProcessRecord() =>
        PlanAndApply(connection => ZoneSnapshotRestorePlanner.Plan(connection, ZoneNameResolver.ResolveOne(connection, Zone), Name), ZoneSnapshotRestoreApplier.Apply);
}

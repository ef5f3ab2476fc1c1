using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Snapshots zone roots: vmadm create-snapshot for a zone without datasets, and RFD 44's root-only
/// snapshot for a zone with a delegated dataset. Refuses at the snapshot limit unless -Force.
/// </summary>
[Cmdlet(VerbsCommon.New, "ZoneSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CreatedZoneSnapshot))]
public sealed class NewZoneSnapshotCommand : ZoneChangeCmdlet
{
    // Once per call, however many zones come down the pipeline.
    private bool coverageWarned;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    /// <summary>vmadm's snapname: 1 to 64 of [a-zA-Z0-9_.:-]; the ZFS snapshot is vmsnap-&lt;Name&gt;.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Take the snapshot even when the zone is at or over its snapshot_limit.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void OnProcessRecord()
    {
        foreach (var zone in Zone)
        {
            PlanAndApply(connection => ZoneSnapshotCreationPlanner.Plan(connection, ZoneNameResolver.ResolveOne(connection, zone), Name, Force), ZoneSnapshotCreationApplier.Apply, WriteWarnings);
        }
    }

    private void WriteWarnings(ZoneSnapshotCreationPlan plan)
    {
        foreach (var warning in plan.Warnings)
        {
            WriteWarning(warning);
        }

        if (plan.CoverageWarning is { } coverage && !coverageWarned)
        {
            WriteWarning(coverage);
            coverageWarned = true;
        }
    }
}

using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>A planned New-ZoneSnapshot: the command, the warnings to show first, and what it was planned from.</summary>
internal sealed record ZoneSnapshotCreationPlan(ChangePlan Plan, ZoneRecord Zone, VmSnapshotName Name, IReadOnlyList<string> Warnings, DatasetLimit LimitsBefore)
    : IPlannedChange
{
    /// <summary>The delegated datasets the snapshot does not contain.</summary>
    public IReadOnlyList<string> Excludes => Zone.Datasets;

    /// <summary>
    /// The warning that zone snapshots leave the delegated data out, when this zone has any; null otherwise.
    /// It names no zone, so a cmdlet can say it once per call however many zones it snapshots.
    /// </summary>
    public string? CoverageWarning => Zone.HasDatasets ? ZoneSnapshotCreationPlanner.CoverageWarning : null;
}

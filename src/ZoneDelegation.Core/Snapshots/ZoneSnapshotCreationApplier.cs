using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>New-ZoneSnapshot, applying half: runs a <see cref="ZoneSnapshotCreationPlan"/> made by <see cref="ZoneSnapshotCreationPlanner"/>.</summary>
internal static class ZoneSnapshotCreationApplier
{
    /// <summary>Runs the plan and reads the snapshot and the zone's count back; VerificationFailed when the snapshot is not there.</summary>
    public static CreatedZoneSnapshot Apply(ComputeNodeConnection connection, ZoneSnapshotCreationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        var zone = plan.Zone;
        var shortName = plan.Name.ZfsShortName;
        var (found, limits) = VerifiedChange.Apply(connection.Transport, plan.Plan,
            () => (Snapshot: ZoneSnapshotReader.List(connection, zone.Location, [SnapshotScope.Root], n => n == shortName).FirstOrDefault(),
                   Limits: DatasetLimitReader.Read(connection, zone.Location)),
            after => after.Snapshot is null ? [$"{zone.ZoneRoot}@{shortName} is not there"] : [],
            (_, _) => new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"The snapshot {zone.ZoneRoot}@{shortName} is not there after the command reported success.", zone.Uuid.Value,
                $"Look at the zone with Get-ZoneSnapshot -ComputeNode {zone.ComputeNode} -Zone {zone.Uuid} and Get-SafeZone -ComputeNode {zone.ComputeNode} -Zone {zone.Uuid}."));
        var snapshot = found!;
        return new CreatedZoneSnapshot
        {
            ComputeNode = snapshot.ComputeNode,
            Zone = snapshot.Zone,
            Dataset = snapshot.Dataset,
            Name = plan.Name.Value,
            ZfsName = snapshot.ZfsName,
            FullName = snapshot.FullName,
            Method = zone.VmadmSnapshotsAllowed ? "vmadm create-snapshot" : "zfs snapshot",
            Covers = zone.ZoneRoot.Value,
            Excludes = zone.Datasets,
            Created = snapshot.Created,
            Referenced = snapshot.Referenced,
            SnapshotCount = limits.SnapshotCount,
            SnapshotLimit = limits.SnapshotLimit,
        };
    }
}

using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>A planned Remove-ZoneSnapshot: the command and the snapshot it destroys.</summary>
internal sealed record ZoneSnapshotRemovalPlan(ChangePlan Plan, ZoneRecord Zone, SnapshotName Snapshot, SnapshotScope Scope) : IPlannedChange;

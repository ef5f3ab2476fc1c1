using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>A planned Restore-ZoneSnapshot and what it was planned from (checked again after it ran).</summary>
internal sealed record ZoneSnapshotRestorePlan(
    ChangePlan Plan, ZoneRecord Zone, RootSnapshot Target, IReadOnlyList<RootSnapshot> Destroyed, DelegatedTree DelegatedBefore) : IPlannedChange;

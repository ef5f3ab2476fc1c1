using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Reprovision;

/// <summary>A planned Update-ZoneImage and everything it must find unchanged afterwards.</summary>
internal sealed record ZoneReprovisionPlan(
    ChangePlan Plan, ZoneRecord Zone, Guid ImageUuid, IReadOnlyList<RootSnapshot> Destroyed, DelegatedTree DelegatedBefore, DatasetLimit LimitsBefore) : IPlannedChange;

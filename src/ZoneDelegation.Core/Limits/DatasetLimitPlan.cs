using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Limits;

/// <summary>The planned change of a zone's limits: the commands, the warnings to show first, what it was planned from, and where the zone root is.</summary>
internal sealed record DatasetLimitPlan(ChangePlan Plan, IReadOnlyList<string> Warnings, DatasetLimitRequest Request, DatasetLimit Before, ZoneRootLocation Location);

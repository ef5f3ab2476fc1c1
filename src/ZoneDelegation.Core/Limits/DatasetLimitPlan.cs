using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.Limits;

/// <summary>The planned change of a zone's limits: the commands, the warnings to show first, and what it was planned from.</summary>
public sealed record DatasetLimitPlan(ChangePlan Plan, IReadOnlyList<string> Warnings, DatasetLimitRequest Request, DatasetLimit Before);

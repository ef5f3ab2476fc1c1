using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Planning;

/// <summary>A plan that stopped at a failed step: the steps that completed before it, the step and its error.</summary>
public sealed record StepFailure(ChangePlan Plan, int Completed, ZoneDelegationException Error)
{
    public PlannedCommand FailedStep => Plan.Steps[Completed];

    public IEnumerable<PlannedCommand> CompletedSteps => Plan.Steps.Take(Completed);
}

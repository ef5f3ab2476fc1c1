using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Planning;

/// <summary>A plan that stopped at a failed step (or before it, on Ctrl+C): the steps that completed before it, the step and its error.</summary>
internal sealed record StepFailure(ChangePlan Plan, int Completed, ZoneDelegationException Error)
{
    public PlannedCommand FailedStep => Plan.Steps[Completed];

    public IEnumerable<PlannedCommand> CompletedSteps => Plan.Steps.Take(Completed);

    /// <summary>The operation was stopped (Ctrl+C) before <see cref="FailedStep"/> started: nothing failed, nothing more ran.</summary>
    public bool Stopped => Error.ErrorId == ErrorIds.ChangeStopped;
}

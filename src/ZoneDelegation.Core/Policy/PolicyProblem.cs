namespace ZoneDelegation.Core.Policy;

/// <summary>One reason a policy is invalid: which setting, the offending value, and the ErrorId it maps to.</summary>
public sealed record PolicyProblem(string Setting, object? Value, string ErrorId, string Message)
{
    public override string ToString() => Message;
}

/// <summary>The outcome of <see cref="DelegationPolicy.Validate"/>: errors block saving and use; warnings do not.</summary>
public sealed record PolicyValidation(IReadOnlyList<PolicyProblem> Errors, IReadOnlyList<DelegationWarning> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

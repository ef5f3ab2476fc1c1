namespace ZoneDelegation.Core.Policy;

/// <summary>
/// One change the policy made to a payload, for -WhatIf and -Verbose. Values are JSON text;
/// <see cref="Before"/> is null when the caller did not give the property.
/// </summary>
internal sealed record PayloadChange(string Property, string? Before, string After, string Reason)
{
    public override string ToString() =>
        Before is null ? $"{Property}: add {After} ({Reason})" : $"{Property}: {Before} -> {After} ({Reason})";
}

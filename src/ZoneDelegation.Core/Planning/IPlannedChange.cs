namespace ZoneDelegation.Core.Planning;

/// <summary>A change planned for one zone: its <see cref="ChangePlan"/> is what -WhatIf and -Confirm show, and what runs.</summary>
public interface IPlannedChange
{
    ChangePlan Plan { get; }
}

namespace ZoneDelegation.Core.Zones;

/// <summary>One way the zone read back after <c>vmadm create</c> differs from the plan.</summary>
public sealed record SafeZoneDifference(string Property, string? Planned, string? ReadBack)
{
    public override string ToString() => $"{Property}: planned {Planned ?? "(none)"}, read back {ReadBack ?? "(none)"}";
}

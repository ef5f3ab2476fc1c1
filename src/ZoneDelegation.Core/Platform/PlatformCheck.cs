namespace ZoneDelegation.Core.Platform;

/// <summary>One check of Test-PlatformSupport: its name (<see cref="PlatformCheckNames"/>), outcome and a full sentence why.</summary>
public sealed record PlatformCheck(string Name, bool Passed, string Reason)
{
    public override string ToString() => $"{Name}: {(Passed ? "passed" : "failed")}. {Reason}";
}

/// <summary>The check names, in the order Test-PlatformSupport runs them. Stable: scripts filter on them.</summary>
internal static class PlatformCheckNames
{
    public const string PlatformStamp = nameof(PlatformStamp);
    public const string PoolFeature = nameof(PoolFeature);
    public const string SnapshotLimitProperty = nameof(SnapshotLimitProperty);
    public const string PrivilegeKnown = nameof(PrivilegeKnown);
    public const string VmadmPresent = nameof(VmadmPresent);
}

using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// A planned BE change: the exact commands, warnings to show first, the state it was planned from, and
/// what the zone must look like afterwards (checked on a fresh read by <see cref="BootEnvironmentApplier"/>).
/// </summary>
public sealed class BootEnvironmentPlan
{
    internal BootEnvironmentPlan(ChangePlan plan, IReadOnlyList<string> warnings, ZoneBootEnvironmentState before,
        BootEnvironmentExpectation expected, string? bootEnvironment, IReadOnlyList<string> unzoned)
    {
        Unzoned = unzoned;
        Plan = plan;
        Warnings = warnings;
        Before = before;
        Expected = expected;
        BootEnvironment = bootEnvironment;
    }

    public ChangePlan Plan { get; }

    public IReadOnlyList<string> Warnings { get; }

    public ZoneBootEnvironmentState Before { get; }

    /// <summary>The BE the plan is about (the one created, enabled, removed...), or null for several.</summary>
    public string? BootEnvironment { get; }

    /// <summary>The filesystems whose zoned the plan turns off (Protect), parents first; the escape guard checks below them.</summary>
    public IReadOnlyList<string> Unzoned { get; }

    internal BootEnvironmentExpectation Expected { get; }

    /// <summary>One sentence per way <paramref name="after"/> differs from what the plan promised.</summary>
    public IReadOnlyList<string> Differences(ZoneBootEnvironmentState after) => Expected.Differences(after);
}

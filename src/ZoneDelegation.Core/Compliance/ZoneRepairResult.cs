using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Output;

namespace ZoneDelegation.Core.Compliance;

/// <summary>What Repair-SafeZone did to one zone, verified by reading the zone back.</summary>
public sealed class ZoneRepairResult
{
    public required string ComputeNode { get; init; }

    /// <summary>The zone's UUID.</summary>
    public required string Zone { get; init; }

    /// <summary>Commands ran (false: nothing to fix, or the change was not confirmed).</summary>
    public required bool Changed { get; init; }

    /// <summary>The codes of the findings fixed, verified on the read-back (by name, so exports write them as text).</summary>
    public IReadOnlyList<string> Fixed { get; init => field = ReadableList.Of(value); } = ReadableList<string>.Empty;

    /// <summary>The findings Repair-SafeZone cannot fix; still there after the repair.</summary>
    public IReadOnlyList<SafetyFinding> NotFixed { get; init => field = ReadableList.Sentences(value); } = ReadableList<SafetyFinding>.Empty;

    /// <summary>
    /// limit_priv was changed on a running zone that was not rebooted: the zone still holds
    /// sys_fs_import until its next boot (Repair-SafeZone -Restart reboots it).
    /// </summary>
    public bool RestartRequired { get; init; }

    public bool Restarted { get; init; }

    /// <summary>The command lines that ran, as -WhatIf showed them.</summary>
    public IReadOnlyList<string> Commands { get; init => field = ReadableList.Of(value); } = ReadableList<string>.Empty;

    /// <summary>The zone as the read-back audit sees it (null when nothing ran).</summary>
    public ZoneCompliance? After { get; init; }
}

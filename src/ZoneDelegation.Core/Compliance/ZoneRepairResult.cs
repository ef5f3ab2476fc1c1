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
    /// The zone runs with sys_fs_import in the limit set it booted with although its limit_priv no longer
    /// grants it (limit_priv changed now or before, and the zone was not rebooted): it keeps it until its
    /// next boot (Test-ZoneCompliance: PendingReboot; Repair-SafeZone -Restart reboots it).
    /// </summary>
    public bool RestartRequired { get; init; }

    /// <summary>The zone was rebooted, and read back running with a limit set without sys_fs_import.</summary>
    public bool Restarted { get; init; }

    /// <summary>The command lines that ran, as -WhatIf showed them.</summary>
    public IReadOnlyList<string> Commands { get; init => field = ReadableList.Of(value); } = ReadableList<string>.Empty;

    /// <summary>The zone as the read-back audit sees it (null when nothing ran).</summary>
    public ZoneCompliance? After { get; init; }
}

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Why a zone is not a safe delegated zone, or breaks the operator's policy. The names are stable:
/// scripts, Pester suites and the audit match on them. New codes are only ever appended.
/// </summary>
public enum SafetyFindingCode
{
    /// <summary>
    /// No longer written: a zone without a delegated dataset has no finding (IsSafe and Compliant both true; IsDelegated
    /// says it has none). The code stays so the values after it keep their numbers.
    /// </summary>
    NotDelegated,

    /// <summary>sys_fs_import is in the zone's limit set: zfs receive of untrusted streams is possible.</summary>
    ReceiveAllowed,

    /// <summary>No zfs_snapshot_limit on the zone root.</summary>
    SnapshotLimitMissing,

    /// <summary>No zfs_filesystem_limit on the zone root.</summary>
    FilesystemLimitMissing,

    /// <summary>zfs_snapshot_limit is above the policy's SnapshotLimit.</summary>
    SnapshotLimitAbovePolicy,

    /// <summary>zfs_filesystem_limit is above the policy's FilesystemLimit.</summary>
    FilesystemLimitAbovePolicy,

    /// <summary>The zone's owner is not on the policy's allow-list. Not remediable here: the owner is the operator's decision.</summary>
    OwnerNotAllowed,

    /// <summary>The CN's platform image is older than the policy's minimum. Not remediable per zone.</summary>
    PlatformTooOld,

    /// <summary>The CN lacks something safe delegation needs (pool feature, limit property, privilege). Not remediable per zone.</summary>
    PlatformFeatureMissing,

    /// <summary>snapshot_count has reached snapshot_limit: the zone cannot take another snapshot. Not remediable without touching its data.</summary>
    SnapshotLimitReached,

    /// <summary>
    /// The zone runs with sys_fs_import in the limit set it booted with, although its limit_priv no longer
    /// grants it: the change takes effect at the next boot. Remediable by Repair-SafeZone -Restart.
    /// </summary>
    PendingReboot,

    /// <summary>
    /// The zone runs, but the limit set it booted with could not be read (no zsched listed for it, or ppriv could not
    /// examine it): whether it may still zfs receive is unknown, so it is not called compliant. Not remediable: read again.
    /// </summary>
    BootedLimitSetUnknown,
}

/// <summary>
/// One finding: its code, a sentence saying what to do, whether Repair-SafeZone can fix it, and the
/// value seen against the value the policy expects (as text, e.g. "none" and "128").
/// </summary>
public sealed record SafetyFinding(SafetyFindingCode CodeValue, string Message, bool Remediable)
{
    /// <summary>The <see cref="SafetyFindingCode"/> by name, so Export-Csv and ConvertTo-Json write it as text.</summary>
    public string Code => CodeValue.ToString();

    internal SafetyFindingCode CodeValue { get; init; } = CodeValue;

    /// <summary>What the zone or CN has, as text ("none" for an unset limit); null when there is nothing to show.</summary>
    public string? Observed { get; init; }

    /// <summary>What the policy expects, as text; null when there is nothing to show.</summary>
    public string? Expected { get; init; }

    public override string ToString() => $"{Code}: {Message}";
}

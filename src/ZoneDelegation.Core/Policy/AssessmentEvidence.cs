using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// What an assessment may know beyond the zone's configuration. Get-SafeZone judges the configuration
/// alone (one vmadm lookup); the audit also passes the CN's platform checks and what ZFS says about the
/// zone root (its limits win over vmadm's copy, and the counts tell a zone at its snapshot limit).
/// </summary>
internal sealed record AssessmentEvidence
{
    public static AssessmentEvidence None { get; } = new();

    /// <summary>The CN's platform support (Test-PlatformSupport's answer); null when not read.</summary>
    public PlatformSupport? Platform { get; init; }

    /// <summary>The zone root's limits and counts as ZFS reports them; null when not read.</summary>
    public DatasetLimit? ZoneRoot { get; init; }

    /// <summary>
    /// Whether the running zone's limit set, as the kernel holds it since the zone booted, grants
    /// sys_fs_import; null when the zone is not running or its set was not read.
    /// </summary>
    public bool? BootedWithReceive { get; init; }

    /// <summary>
    /// The zone runs and its booted limit set was to be read (the audit) but was not found or could not be examined:
    /// unknown is never taken as "without sys_fs_import".
    /// </summary>
    public bool BootedLimitSetUnknown { get; init; }
}

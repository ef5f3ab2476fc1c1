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
}

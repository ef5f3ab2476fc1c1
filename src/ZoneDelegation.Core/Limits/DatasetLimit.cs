namespace ZoneDelegation.Core.Limits;

/// <summary>The limits on a zone root (where vmadm puts them and the zone admin cannot change them), as Get-DatasetLimit emits them.</summary>
public sealed record DatasetLimit
{
    public required string ComputeNode { get; init; }

    /// <summary>The zone's UUID.</summary>
    public required string Zone { get; init; }

    /// <summary>The zone root, vmadm's <c>zfs_filesystem</c>: <c>&lt;pool&gt;/&lt;uuid&gt;</c> on the pool the zone was created on.</summary>
    public required string Dataset { get; init; }

    /// <summary>snapshot_limit; null when none is set.</summary>
    public ulong? SnapshotLimit { get; init; }

    /// <summary>snapshot_count (snapshots of the zone root and every descendant); null where zfs does not track it.</summary>
    public ulong? SnapshotCount { get; init; }

    /// <summary>filesystem_limit; null when none is set.</summary>
    public ulong? FilesystemLimit { get; init; }

    /// <summary>filesystem_count (descendants); null where zfs does not track it.</summary>
    public ulong? FilesystemCount { get; init; }

    /// <summary>
    /// vmadm's quota in bytes; null when none is set. It is the zone root's <see cref="QuotaProperty"/>:
    /// <c>quota</c>, or <c>refquota</c> for a bhyve VM (vmadm computes a bhyve root's quota from its disks).
    /// </summary>
    public ulong? Quota { get; init; }

    /// <summary>The zfs property <see cref="Quota"/> was read from: <c>quota</c>, or <c>refquota</c> for bhyve.</summary>
    public string QuotaProperty { get; init; } = Vmadm.ZoneRootLocation.Quota;

    /// <summary>False when this platform's zfs has no limit properties: only the quota was read.</summary>
    public required bool LimitsSupported { get; init; }
}

using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Limits;

/// <summary>Set-DatasetLimit's request for one zone. Quota is in bytes.</summary>
internal sealed record DatasetLimitRequest(ZoneUuid Zone)
{
    public LimitSetting SnapshotLimit { get; init; }

    public LimitSetting FilesystemLimit { get; init; }

    /// <summary>Bytes. Through vmadm it must be a whole number of GiB.</summary>
    public LimitSetting Quota { get; init; }

    /// <summary>True when a snapshot or filesystem limit is to change (these need the platform feature; a quota does not).</summary>
    public bool TouchesLimits => !SnapshotLimit.IsKeep || !FilesystemLimit.IsKeep;
}

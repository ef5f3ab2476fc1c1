namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// The vmadm payload / VM object property names the policy reads and writes (smartos-live
/// <c>src/vm/man/vmadm.8.md</c> "PROPERTIES", <c>src/vm/node_modules/proptable.js</c>).
/// </summary>
internal static class VmadmProperties
{
    /// <summary>Whether the zone boots with the CN; New-SafeZone creates with false and sets the caller's value once verified.</summary>
    public const string Autoboot = "autoboot";

    public const string Uuid = "uuid";
    public const string Brand = "brand";
    public const string OwnerUuid = "owner_uuid";
    public const string DelegateDataset = "delegate_dataset";
    public const string Datasets = "datasets";
    public const string LimitPriv = "limit_priv";
    public const string SnapshotLimit = "zfs_snapshot_limit";
    public const string FilesystemLimit = "zfs_filesystem_limit";

    /// <summary>The virtual value of delegate_dataset that asks for RFD 44 delegation.</summary>
    public const string SafeValue = "safe";
}

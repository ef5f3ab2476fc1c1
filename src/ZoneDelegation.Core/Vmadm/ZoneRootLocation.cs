using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// Where a zone's root dataset is (vmadm's <c>zfs_filesystem</c>: <c>&lt;zpool&gt;/&lt;uuid&gt;</c> on
/// the pool the zone was created on, which need not be sysinfo's Zpool) and its brand, which decides
/// the zfs property that holds vmadm's quota.
/// </summary>
internal sealed record ZoneRootLocation(ZoneUuid Zone, DatasetName Root, string? Brand)
{
    public const string Quota = "quota";
    public const string RefQuota = "refquota";

    public bool IsBhyve => Brand == "bhyve";

    /// <summary>
    /// The zfs property that holds what vmadm calls the VM's quota: <c>refquota</c> for bhyve (VM.js
    /// <c>setQuotaBhyve</c> sets refquota to the payload's quota and computes <c>quota</c> from the disks;
    /// vmload <c>addRootDatasetProperties</c> reads a bhyve VM's quota from refquota), <c>quota</c> otherwise.
    /// </summary>
    public string QuotaProperty => IsBhyve ? RefQuota : Quota;
}

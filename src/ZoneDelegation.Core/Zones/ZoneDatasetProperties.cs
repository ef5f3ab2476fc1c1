namespace ZoneDelegation.Core.Zones;

/// <summary>
/// What ZFS itself says about a zone's datasets (read back after create): the limits on the zone root
/// (null = none) and zoned on <c>&lt;root&gt;/data</c> (null = that dataset does not exist).
/// </summary>
internal sealed record ZoneDatasetProperties(string ZoneRoot, ulong? SnapshotLimit, ulong? FilesystemLimit, bool DataExists, bool? DataZoned)
{
    public string DataDataset => ZoneRoot + "/data";
}

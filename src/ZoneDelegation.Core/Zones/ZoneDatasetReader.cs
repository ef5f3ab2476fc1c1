using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Reads the zone root and its direct children in one <c>zfs get</c>: a missing <c>/data</c> is then an
/// absent row, not a failed command that would hide the root's limits too.
/// </summary>
internal static class ZoneDatasetReader
{
    public const string SnapshotLimit = "snapshot_limit";
    public const string FilesystemLimit = "filesystem_limit";
    public const string Zoned = "zoned";

    public static NativeCommand Command(DatasetName zoneRoot)
    {
        ArgumentNullException.ThrowIfNull(zoneRoot);
        return new NativeCommand("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "-r", "-d", "1", "-t", "filesystem",
            string.Join(",", Zoned, SnapshotLimit, FilesystemLimit), zoneRoot.Value);
    }

    public static ZoneDatasetProperties Read(ICommandTransport transport, DatasetName zoneRoot)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return Interpret(zoneRoot, transport.Stream(Command(zoneRoot), output => ZfsGetParser.ParseZfsGet(output)));
    }

    /// <summary>Picks the root's limits and /data's zoned out of zfs get rows.</summary>
    public static ZoneDatasetProperties Interpret(DatasetName zoneRoot, IEnumerable<ZfsPropertyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(zoneRoot);
        ArgumentNullException.ThrowIfNull(rows);
        var data = zoneRoot.Value + "/data";
        ZfsPropertySet? root = null;
        ZfsPropertySet? dataSet = null;
        foreach (var set in ZfsPropertyPivot.GroupByDataset(rows, [Zoned, SnapshotLimit, FilesystemLimit]))
        {
            var twice = (set.Name == zoneRoot.Value && root is not null) || (set.Name == data && dataSet is not null);
            if (twice)
            {
                throw new ParseException(ZfsGetParser.Source, set.FirstLineNumber, $"{set.Name} appears twice; the listing is refused.", set.Name);
            }

            if (set.Name == zoneRoot.Value)
            {
                root = set;
            }
            else if (set.Name == data)
            {
                dataSet = set;
            }
        }

        if (root is null)
        {
            throw new ParseException(ZfsGetParser.Source, 0, $"no rows for the zone root {zoneRoot.Value}.");
        }

        return new ZoneDatasetProperties(zoneRoot.Value, root.GetInteger(SnapshotLimit).Value, root.GetInteger(FilesystemLimit).Value,
            dataSet is not null, dataSet is null ? null : ReadOnOff(dataSet));
    }

    private static bool ReadOnOff(ZfsPropertySet set) => set.GetText(Zoned) switch
    {
        "on" => true,
        "off" => false,
        var other => throw new ParseException(ZfsGetParser.Source, set[Zoned]?.LineNumber ?? set.FirstLineNumber,
            $"zoned of {set.Name} is '{other}'; expected on or off.", other),
    };
}

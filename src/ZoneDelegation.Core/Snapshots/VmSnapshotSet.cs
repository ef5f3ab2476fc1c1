using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// The snapshots vmadm rolls back for one root snapshot (VM.js rollback_snapshot, listSnapshots): the zone root's
/// alone for an OS zone; for bhyve, every snapshot of that name of the root and of the disks below it
/// (<c>zfs list -o name -H -t snapshot -r</c>), in zfs's order. Restore-ZoneSnapshot rolls a stopped zone back
/// with these itself, because vmadm rollback-snapshot would boot it.
/// </summary>
internal static class VmSnapshotSet
{
    private const string Source = "zfs list -H -o name -t snapshot -r";

    public static NativeCommand Command(DatasetName zoneRoot)
    {
        ArgumentNullException.ThrowIfNull(zoneRoot);
        return new NativeCommand("zfs", "list", "-H", "-o", "name", "-t", "snapshot", "-r", zoneRoot.Value);
    }

    public static IReadOnlyList<SnapshotName> Read(ICommandTransport transport, ZoneRecord zone, string shortName)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(zone);
        var target = zone.ZoneRoot.Snapshot(shortName);
        if (!zone.IsBhyve)
        {
            return [target];
        }

        string output;
        try
        {
            output = transport.Run(Command(zone.ZoneRoot)).StandardOutput;
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            throw ZfsCommandFailure.ZoneNotFound(zone.Uuid, zone.ZoneRoot, zone.ComputeNode, error);
        }

        var found = new List<SnapshotName>();
        var lineNumber = 0;
        foreach (var line in output.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            // Every name is checked against the grammar and must lie in the zone root before a command is built from it.
            if (!SnapshotName.TryParse(line, out var snapshot) || !zone.ZoneRoot.Contains(snapshot.Dataset))
            {
                throw new ParseException(Source, lineNumber, $"'{line}' is not a snapshot of {zone.ZoneRoot} or below it.", line);
            }

            if (snapshot.ShortName == shortName)
            {
                found.Add(snapshot);
            }
        }

        return found.Count > 0 ? found : [target];
    }
}

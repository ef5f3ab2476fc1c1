using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// The snapshots of a zone root alone (never its children), oldest first by createtxg: the order
/// <c>zfs rollback -r</c> uses to decide what is newer. One <c>zfs get -d 1 createtxg</c>; every zfs has it.
/// </summary>
internal static class RootSnapshotReader
{
    public static NativeCommand Command(DatasetName zoneRoot)
    {
        ArgumentNullException.ThrowIfNull(zoneRoot);
        return new NativeCommand("zfs", "get", "-H", "-p", "-d", "1", "-o", "name,property,value,source", "createtxg", zoneRoot.Value);
    }

    public static IReadOnlyList<RootSnapshot> Read(ICommandTransport transport, ZoneRecord zone)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(zone);
        var prefix = zone.ZoneRoot.Value + "@";
        try
        {
            var (output, _) = transport.Run(Command(zone.ZoneRoot));
            var snapshots = ZfsGetParser.ParseZfsGet(new StringReader(output))
                .Where(row => row.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Select(row => new RootSnapshot(row.Name[prefix.Length..],
                    row.GetInteger().Value ?? throw new ParseException(ZfsGetParser.Source, row.LineNumber, $"createtxg of {row.Name} is '{row.Value}'.", row.Name)))
                .OrderBy(snapshot => snapshot.CreateTxg)
                .ToList();
            if (snapshots.GroupBy(s => s.ShortName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new ParseException(ZfsGetParser.Source, 0, $"{prefix}{twice.Key} appears twice; the listing is refused.", twice.Key);
            }

            return snapshots;
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            throw ZfsCommandFailure.ZoneNotFound(zone.Uuid, zone.ZoneRoot, zone.ComputeNode, error);
        }
    }

    /// <summary>
    /// The root snapshot a -Name means: the name New-ZoneSnapshot was given and Get-ZoneSnapshot shows as Name
    /// (daily, stored as vmsnap-daily), or the name after '@' (ZfsName). SnapshotNotFound when none is;
    /// SnapshotNameAmbiguous when both a 'daily' and a 'vmsnap-daily' exist (the ZfsName then says which).
    /// </summary>
    public static RootSnapshot Resolve(IReadOnlyList<RootSnapshot> snapshots, ZoneRecord zone, string name)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(zone);
        zone.ZoneRoot.Snapshot(name); // the ZFS grammar, before the name is compared or used
        var exact = snapshots.FirstOrDefault(s => s.ShortName == name);
        var prefixed = snapshots.FirstOrDefault(s => s.ShortName == VmSnapshotName.ZfsPrefix + name);
        if (exact is not null && prefixed is not null)
        {
            throw new ZoneDelegationException(ErrorIds.SnapshotNameAmbiguous, ZoneErrorCategory.InvalidArgument,
                $"Zone {zone.Uuid} on {zone.ComputeNode} has both root snapshots '{name}' and '{prefixed.ShortName}': -Name '{name}' could mean either.",
                name, $"Give -Name as the ZfsName Get-ZoneSnapshot -Zone {zone.Uuid} -Scope Root shows ('{name}' or '{prefixed.ShortName}').");
        }

        return exact ?? prefixed
               ?? throw new ZoneDelegationException(ErrorIds.SnapshotNotFound, ZoneErrorCategory.ObjectNotFound,
                   $"Zone {zone.Uuid} on {zone.ComputeNode} has no root snapshot '{name}' (nor '{VmSnapshotName.ZfsPrefix}{name}').", name,
                   $"List them with Get-ZoneSnapshot -Zone {zone.Uuid} -Scope Root.");
    }
}

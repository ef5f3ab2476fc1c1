using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Reads a zone's <see cref="ZoneBootEnvironmentState"/> with three zfs commands that zfs-fuse and illumos
/// both accept: the filesystem mounted at the zonepath (as the brand scripts find it), one <c>zfs get -r</c>
/// of the BE container, and the pool's origins (clones outside the container; zfs-fuse has no
/// <c>clones</c> property, so clones are derived from origins everywhere).
/// </summary>
public static class ZoneBootEnvironmentStateReader
{
    private static readonly string[] TreeProperties =
    [
        "type", "origin", "creation", "used", "referenced", "userrefs", "canmount", "zoned", "mountpoint",
        BootEnvironmentProperties.ParentBe, BootEnvironmentProperties.Active, BootEnvironmentProperties.Policy,
        .. BootEnvironmentProperties.ProtectedNative.Select(BootEnvironmentProperties.Saved),
    ];

    private static readonly ZfsFieldList MountFields = new("name", "mountpoint");

    public static NativeCommand ZonePathCommand { get; } = new("zfs", "list", "-H", "-o", MountFields.Argument, "-t", "filesystem");

    public static NativeCommand TreeCommand(DatasetName container) =>
        new("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "-r", string.Join(',', TreeProperties), container.Value);

    public static NativeCommand OriginsCommand(string pool) =>
        new("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "-r", "origin", DatasetName.Parse(pool).Value);

    /// <summary>One zone by name: its provider, the global BEs, then its tree.</summary>
    public static ZoneBootEnvironmentState Read(ComputeNodeConnection connection, string zoneName)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var name = ZoneName.Parse(zoneName);
        var zone = ZoneProviders.For(connection).GetZone(connection, name);
        return Read(connection, zone, GlobalBootEnvironmentReader.Read(connection));
    }

    public static ZoneBootEnvironmentState Read(ComputeNodeConnection connection, ZoneInfo zone, GlobalBootEnvironments globals) =>
        TryRead(connection, zone, globals) ?? throw NoContainer(connection.ComputeNode, zone);

    /// <summary>Null when the zone has no BE container (another brand, or not installed).</summary>
    public static ZoneBootEnvironmentState? TryRead(ComputeNodeConnection connection, ZoneInfo zone, GlobalBootEnvironments globals)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(globals);
        var zonePathDataset = FindZonePathDataset(connection.Transport, zone);
        if (zonePathDataset is null)
        {
            return null;
        }

        var container = zonePathDataset.Child("ROOT");
        List<ZfsPropertySet> sets;
        try
        {
            sets = connection.Transport.Stream(TreeCommand(container), output =>
                ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(output), ["type"])).ToList();
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            return null;
        }

        var filesystems = new List<(ZfsPropertySet Set, long Index)>();
        var snapshots = new List<(ZfsPropertySet Set, long Index)>();
        long index = 0;
        foreach (var set in sets)
        {
            index++;
            if (set.Name == container.Value)
            {
                continue;
            }

            (set.GetText("type") == "snapshot" ? snapshots : filesystems).Add((set, index));
        }

        var sequence = Sequence(filesystems.Concat(snapshots));
        var fsList = filesystems.Select(f => new BeFilesystem(f.Set.Name, f.Set.GetText("origin"), f.Set.GetTimestamp("creation"),
            f.Set.GetInteger("used").Value, f.Set.GetInteger("referenced").Value, sequence[f.Set.Name], f.Set)).ToList();
        var snapList = snapshots.Select(s =>
        {
            var at = s.Set.Name.IndexOf('@');
            return new BeSnapshot(s.Set.Name, s.Set.Name[..at], s.Set.Name[(at + 1)..], s.Set.GetTimestamp("creation"),
                sequence[s.Set.Name], s.Set.GetInteger("userrefs").Value ?? 0);
        }).ToList();

        var prefix = container.Value + "/";
        var zonePrefix = zonePathDataset.Value + "/";
        var external = connection.Transport.Stream(OriginsCommand(zonePathDataset.Pool), output => ZfsGetParser.ParseZfsGet(output))
            .Where(row => !row.IsAbsent && row.Value.StartsWith(prefix, StringComparison.Ordinal) &&
                          !row.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(row => new ExternalClone(row.Name, row.Value, row.Name.StartsWith(zonePrefix, StringComparison.Ordinal)))
            .ToList();

        return new ZoneBootEnvironmentState(connection.ComputeNode, zone, zonePathDataset, globals, fsList, snapList, external);
    }

    /// <summary>The filesystem whose mountpoint is the zonepath (the brand scripts' get_zonepath_ds).</summary>
    public static DatasetName? FindZonePathDataset(ICommandTransport transport, ZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var zonePath = zone.ZonePath.TrimEnd('/');
        if (zonePath.Length == 0)
        {
            return null;
        }

        var match = transport.Stream(ZonePathCommand, output => ZfsListParser.Parse(output, MountFields))
            .FirstOrDefault(row => row.GetText("mountpoint") == zonePath);
        return match is null ? null : DatasetName.Parse(match.Name);
    }

    public static ZoneDelegationException NoContainer(string computeNode, ZoneInfo zone) =>
        new(ErrorIds.ZoneHasNoBootEnvironments, ZoneErrorCategory.NotImplemented,
            $"Zone '{zone.Name}' (brand {zone.Brand}, {zone.State}) on {computeNode} has no zone boot environments: no ZFS " +
            $"filesystem is mounted at its zonepath {zone.ZonePath} with a ROOT container below it.", zone.Name,
            "Zone boot environments exist for brands whose root lives in <zonepath dataset>/ROOT/<zbe> (ipkg, lipkg, " +
            "sparse, pkgsrc on OmniOS; ipkg on OpenIndiana) once the zone is installed.");

    /// <summary>Creation order, ties broken by zfs's output order (zfs-fuse's creation has one-second resolution).</summary>
    private static Dictionary<string, long> Sequence(IEnumerable<(ZfsPropertySet Set, long Index)> items)
    {
        var ordered = items.OrderBy(i => i.Set.GetInteger("creation").Value ?? 0).ThenBy(i => i.Index).ToList();
        var result = new Dictionary<string, long>(ordered.Count, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            result[ordered[i].Set.Name] = i + 1;
        }

        return result;
    }
}

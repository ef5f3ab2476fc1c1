using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Reads a zone's <see cref="ZoneBootEnvironmentState"/> with zfs commands that zfs-fuse and illumos both
/// accept: one <c>zfs get -r</c> of the BE container, plus what <see cref="ZoneDatasetIndex"/> reads once
/// per listing (the zonepath dataset, the pool's clones).
/// </summary>
public static class ZoneBootEnvironmentStateReader
{
    private static readonly string[] TreeProperties =
    [
        "type", "origin", "creation", "used", "referenced", "userrefs", "canmount", "zoned", "mountpoint",
        BootEnvironmentProperties.ParentBe, BootEnvironmentProperties.Active, BootEnvironmentProperties.Policy,
        .. BootEnvironmentProperties.ProtectedNative.Select(BootEnvironmentProperties.Saved),
    ];

    public static NativeCommand TreeCommand(DatasetName container) =>
        new("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "-r", string.Join(',', TreeProperties), container.Value);

    /// <summary>One zone by name: its provider, the global BEs, then its tree.</summary>
    public static ZoneBootEnvironmentState Read(ComputeNodeConnection connection, string zoneName)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var name = ZoneName.Parse(zoneName);
        var zone = ZoneProviders.For(connection).GetZone(connection, name);
        return Read(connection, zone, GlobalBootEnvironmentReader.Read(connection));
    }

    public static ZoneBootEnvironmentState Read(ComputeNodeConnection connection, ZoneInfo zone, GlobalBootEnvironments globals,
        ZoneDatasetIndex? index = null) =>
        TryRead(connection, zone, globals, index) ?? throw NoContainer(connection.ComputeNode, zone);

    /// <summary>
    /// Null when the zone has no BE container (another brand, or not installed). The index is shared by
    /// the zones of one listing; without it, what this zone needs is read for it alone.
    /// </summary>
    public static ZoneBootEnvironmentState? TryRead(ComputeNodeConnection connection, ZoneInfo zone, GlobalBootEnvironments globals,
        ZoneDatasetIndex? index = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(globals);
        index ??= new ZoneDatasetIndex(connection.Transport);
        var zonePathDataset = index.ZonePathDataset(zone.ZonePath);
        if (zonePathDataset is null)
        {
            return null;
        }

        if (ZoneBootEnvironmentContainer.Find(connection.ComputeNode, zone, zonePathDataset, index) is not { } container)
        {
            return null;
        }

        List<ZfsPropertySet> sets;
        try
        {
            sets = connection.Transport.Stream(TreeCommand(container), output =>
                ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(output, requireRows: false), ["type"])).ToList();
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            // zfs prints nothing and fails: the zone has no BE container.
            return null;
        }

        if (sets.Count == 0)
        {
            return null;
        }

        var filesystems = new List<(ZfsPropertySet Set, long Index)>();
        var snapshots = new List<(ZfsPropertySet Set, long Index)>();
        long order = 0;
        foreach (var set in sets)
        {
            order++;
            if (set.Name == container.Value)
            {
                continue;
            }

            (set.GetText("type") == "snapshot" ? snapshots : filesystems).Add((set, order));
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
        var external = index.Clones(zonePathDataset.Pool)
            .Where(clone => clone.Origin.StartsWith(prefix, StringComparison.Ordinal) && !clone.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(clone => new ExternalClone(clone.Name, clone.Origin, clone.Name.StartsWith(zonePrefix, StringComparison.Ordinal)))
            .ToList();

        return new ZoneBootEnvironmentState(connection.ComputeNode, zone, zonePathDataset, container, globals, fsList, snapList, external);
    }

    public static ZoneDelegationException NoContainer(string computeNode, ZoneInfo zone) =>
        new(ErrorIds.ZoneHasNoBootEnvironments, ZoneErrorCategory.NotImplemented,
            $"Zone '{zone.Name}' (brand {zone.Brand}, {zone.State}) on {computeNode} has no zone boot environments: no ZFS " +
            $"filesystem is mounted at its zonepath {zone.ZonePath} with a ROOT or rpool/ROOT container below it.", zone.Name,
            $"Zone boot environments exist for brands whose root lives in {ZoneBootEnvironmentContainer.Description}, once the zone is installed.");

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

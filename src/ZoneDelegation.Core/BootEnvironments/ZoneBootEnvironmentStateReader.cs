using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Reads a zone's <see cref="ZoneBootEnvironmentState"/> with zfs commands that zfs-fuse and illumos both
/// accept: one <c>zfs get -r</c> of the BE container's names, origins and numbers, one <c>zfs get</c> of the
/// values its zone admin can write for exactly the filesystems that listing named (<see cref="TenantPropertyReader"/>),
/// plus what <see cref="ZoneDatasetIndex"/> reads once per listing (the zonepath dataset, the pool's clones).
/// </summary>
internal static class ZoneBootEnvironmentStateReader
{
    /// <summary>
    /// What the tree listing reads: names, types, origins, numbers and enums only. ZFS's grammar gives none
    /// of them a TAB or newline, so one <c>zfs get -r</c> of them frames every row as zfs printed it.
    /// </summary>
    private static readonly string[] StructureProperties =
        ["type", "origin", "creation", "used", "referenced", "userrefs", "canmount", "zoned"];

    /// <summary>
    /// What a zone admin can write on a BE filesystem (libbe's user properties, the saved values, the
    /// mountpoint of a zoned dataset): read with <see cref="TenantPropertyReader"/>, never as rows of the listing.
    /// </summary>
    public static IReadOnlyList<string> TenantProperties { get; } =
    [
        "mountpoint", BootEnvironmentProperties.ParentBe, BootEnvironmentProperties.Active, BootEnvironmentProperties.Policy,
        .. BootEnvironmentProperties.ProtectedNative.Select(BootEnvironmentProperties.Saved),
    ];

    public static NativeCommand TreeCommand(DatasetName container) =>
        new("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "-r", string.Join(',', StructureProperties), container.Value);

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

        var tree = ReadTree(connection.Transport, container);
        if (tree is null)
        {
            return null;
        }

        var (fsList, snapList) = tree.Value;
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

    /// <summary>
    /// The filesystems and snapshots below a BE container (the container's name is the caller's: libbe's
    /// layouts differ in where it lives), or null when it does not exist. Every name comes from the
    /// structure listing, must lie below the container and appear once; the tenant-writable values are
    /// then read for exactly those names. Two commands for any number of BEs.
    /// </summary>
    public static (List<BeFilesystem> Filesystems, List<BeSnapshot> Snapshots)? ReadTree(ICommandTransport transport, DatasetName container)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(container);
        List<ZfsPropertySet> sets;
        try
        {
            sets = transport.Stream(TreeCommand(container), output =>
                ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(output, requireRows: false), StructureProperties)).ToList();
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

        RequireInsideOnce(sets, container);
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

        var tenant = TenantPropertyReader.Read(transport, filesystems.Select(f => DatasetName.Parse(f.Set.Name)).ToList(), TenantProperties);
        var sequence = Sequence(filesystems.Concat(snapshots));
        var fsList = filesystems.Select(f =>
        {
            var properties = Merge(f.Set, tenant.GetValueOrDefault(f.Set.Name) ?? throw new ParseException(ZfsGetParser.Source, f.Set.FirstLineNumber,
                $"{f.Set.Name} was destroyed while the BEs of {container} were read; run the command again.", f.Set.Name));
            return new BeFilesystem(f.Set.Name, f.Set.GetText("origin"), f.Set.GetTimestamp("creation"),
                f.Set.GetInteger("used").Value, f.Set.GetInteger("referenced").Value, sequence[f.Set.Name], properties);
        }).ToList();
        var snapList = snapshots.Select(s =>
        {
            var at = s.Set.Name.IndexOf('@');
            return new BeSnapshot(s.Set.Name, s.Set.Name[..at], s.Set.Name[(at + 1)..], s.Set.GetTimestamp("creation"),
                sequence[s.Set.Name], s.Set.GetInteger("userrefs").Value ?? 0);
        }).ToList();
        return (fsList, snapList);
    }

    /// <summary>A row for a name outside the container, or a dataset listed twice, means the listing is not zfs's own: refuse it.</summary>
    private static void RequireInsideOnce(List<ZfsPropertySet> sets, DatasetName container)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var inside = set.Name == container.Value ||
                         (set.Name.StartsWith(container.Value, StringComparison.Ordinal) && set.Name[container.Value.Length] is '/' or '@');
            if (!inside || !ZfsNameGrammar.IsValidEntityName(set.Name))
            {
                throw new ParseException(ZfsGetParser.Source, set.FirstLineNumber,
                    $"a row for '{set.Name}', which is not below the BE container {container}; the listing is refused.", set.Name);
            }

            if (!seen.Add(set.Name))
            {
                throw new ParseException(ZfsGetParser.Source, set.FirstLineNumber,
                    $"{set.Name} appears twice in the listing of {container}; the listing is refused.", set.Name);
            }

            var origin = set.GetText("origin");
            if (origin is not null && (origin.IndexOf('@') <= 0 || !ZfsNameGrammar.IsValidEntityName(origin)))
            {
                throw new ParseException(ZfsGetParser.Source, set["origin"]!.LineNumber,
                    $"the origin of {set.Name} is '{origin}', not a snapshot name.", set.Name);
            }
        }
    }

    private static ZfsPropertySet Merge(ZfsPropertySet structure, ZfsPropertySet tenant)
    {
        var rows = new Dictionary<string, ZfsPropertyRow>(structure.Properties, StringComparer.Ordinal);
        foreach (var (property, row) in tenant.Properties)
        {
            rows[property] = row;
        }

        return new ZfsPropertySet(structure.Name, rows, structure.FirstLineNumber);
    }

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

using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// What every zone of a CN shares and is read once per listing, not once per zone: which filesystem is
/// mounted where (to find each zonepath dataset), which filesystems exist (to find each zone's BE container)
/// and, per pool, every dataset that is a clone (to find clones outside a zone's BE container; zfs-fuse has
/// no <c>clones</c> property, so they come from origins).
/// </summary>
public sealed class ZoneDatasetIndex
{
    private static readonly ZfsFieldList MountFields = new("name", "mountpoint");

    private readonly ICommandTransport transport;
    private readonly Lazy<(Dictionary<string, string> ByMountpoint, HashSet<string> Names)> filesystems;
    private readonly Dictionary<string, List<(string Name, string Origin)>> clonesByPool = new(StringComparer.Ordinal);

    public ZoneDatasetIndex(ICommandTransport transport)
    {
        this.transport = transport ?? throw new ArgumentNullException(nameof(transport));
        filesystems = new Lazy<(Dictionary<string, string>, HashSet<string>)>(ReadFilesystems);
    }

    public static NativeCommand MountpointCommand { get; } = new("zfs", "list", "-H", "-o", MountFields.Argument, "-t", "filesystem");

    public static NativeCommand OriginsCommand(string pool) =>
        new("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "-r", "origin", DatasetName.Parse(pool).Value);

    /// <summary>The filesystem mounted (by its mountpoint property) at the zonepath, as the brand scripts' get_zonepath_ds finds it.</summary>
    public DatasetName? ZonePathDataset(string zonePath)
    {
        var path = zonePath.TrimEnd('/');
        return path.Length > 0 && filesystems.Value.ByMountpoint.TryGetValue(path, out var name) ? DatasetName.Parse(name) : null;
    }

    /// <summary>Whether the filesystem exists (in the same listing the zonepath datasets come from).</summary>
    public bool FilesystemExists(DatasetName dataset) => filesystems.Value.Names.Contains(dataset.Value);

    /// <summary>Every clone in the pool: (dataset, its origin snapshot).</summary>
    public IReadOnlyList<(string Name, string Origin)> Clones(string pool)
    {
        if (!clonesByPool.TryGetValue(pool, out var clones))
        {
            clones = transport.Stream(OriginsCommand(pool), output => ZfsGetParser.ParseZfsGet(output))
                .Where(row => !row.IsAbsent)
                .Select(row => (row.Name, row.Value))
                .ToList();
            clonesByPool[pool] = clones;
        }

        return clones;
    }

    private (Dictionary<string, string>, HashSet<string>) ReadFilesystems()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in transport.Stream(MountpointCommand, output => ZfsListParser.Parse(output, MountFields)))
        {
            names.Add(row.Name);
            if (row.GetText("mountpoint") is { } mountpoint && mountpoint.StartsWith('/'))
            {
                map.TryAdd(mountpoint, row.Name);
            }
        }

        return (map, names);
    }
}

using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// What every zone of a CN shares and is read once per listing, not once per zone: which filesystem is
/// mounted where (to find each zonepath dataset), which filesystems exist (to find each zone's BE container)
/// and, per pool, every dataset that is a clone (to find clones outside a zone's BE container; zfs-fuse has
/// no <c>clones</c> property, so they come from origins).
/// </summary>
internal sealed class ZoneDatasetIndex
{
    private static readonly ZfsFieldList FilesystemFields = new("name", "zoned");

    private readonly ICommandTransport transport;
    private readonly Lazy<(Dictionary<string, string> ByMountpoint, HashSet<string> Names)> filesystems;
    private readonly Dictionary<string, List<(string Name, string Origin)>> clonesByPool = new(StringComparer.Ordinal);

    public ZoneDatasetIndex(ICommandTransport transport)
    {
        this.transport = transport ?? throw new ArgumentNullException(nameof(transport));
        filesystems = new Lazy<(Dictionary<string, string>, HashSet<string>)>(ReadFilesystems);
    }

    /// <summary>Names and zoned only: neither can hold a TAB or newline, so every line is one filesystem.</summary>
    public static NativeCommand FilesystemsCommand { get; } = new("zfs", "list", "-H", "-o", FilesystemFields.Argument, "-t", "filesystem");

    /// <summary>
    /// The one-command listing, self-checking: name and zoned are printed again after the mountpoint. A
    /// mountpoint holding a newline splits its line, and the piece that ends with the real "TAB name TAB
    /// zoned" must then begin with that same name to pass, so the dataset shows twice: any forged line
    /// shows as a name listed twice (or a line whose fields disagree), and the listing is then not used.
    /// </summary>
    public static NativeCommand MountpointCommand { get; } =
        new("zfs", "list", "-H", "-o", "name,zoned,mountpoint,name,zoned", "-t", "filesystem");

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
            // Names and origins only (no value a zone admin can write), so every row is zfs's own; one per dataset.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            clones = [];
            foreach (var row in transport.Stream(OriginsCommand(pool), output => ZfsGetParser.ParseZfsGet(output)))
            {
                if (!seen.Add(row.Name))
                {
                    throw new ParseException(ZfsGetParser.Source, row.LineNumber, $"{row.Name} appears twice in the origins of {pool}.", row.Name);
                }

                if (!row.IsAbsent)
                {
                    clones.Add((row.Name, row.Value));
                }
            }

            clonesByPool[pool] = clones;
        }

        return clones;
    }

    /// <summary>
    /// Mountpoints of the filesystems that are not zoned. A zone admin can set the mountpoint of a zoned
    /// dataset only (illumos zfs_ioctl.c zfs_dozonecheck_impl: from a zone, "the 'zoned' property must be
    /// set"), and can never clear zoned (zfs_secpolicy_setprop refuses ZFS_PROP_ZONED outside the global
    /// zone); a zonepath is a global-zone path, so its dataset is not zoned. So a zone cannot claim another
    /// zone's zonepath, with a plain value or with a value that poses as rows. A mountpoint two of them
    /// share is nobody's zonepath dataset. The names of every filesystem, zoned or not, come from the same
    /// listing: zfs's own names, which a value cannot forge.
    /// </summary>
    private (Dictionary<string, string>, HashSet<string>) ReadFilesystems()
    {
        var (listed, names) = ReadSelfCheckedListing() ?? ReadUnzonedOneByOne();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var shared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, mountpoint) in listed)
        {
            if (mountpoint.StartsWith('/') && !map.TryAdd(mountpoint, name))
            {
                shared.Add(mountpoint);
            }
        }

        foreach (var mountpoint in shared)
        {
            map.Remove(mountpoint);
        }

        return (map, names);
    }

    /// <summary>
    /// (name, mountpoint) of the unzoned filesystems and the names of all, or null when a line is not zfs's
    /// own (see <see cref="MountpointCommand"/>).
    /// </summary>
    private (List<(string Name, string Mountpoint)> Unzoned, HashSet<string> Names)? ReadSelfCheckedListing()
    {
        var (output, _) = transport.Run(MountpointCommand);
        if (output.Length > 0 && !output.EndsWith('\n'))
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, string)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var first = line.IndexOf('\t', StringComparison.Ordinal);
            var second = first < 0 ? -1 : line.IndexOf('\t', first + 1);
            var last = line.LastIndexOf('\t');
            var beforeLast = last <= 0 ? -1 : line.LastIndexOf('\t', last - 1);
            if (first < 0 || second < 0 || beforeLast <= second)
            {
                return null;
            }

            var name = line[..first];
            var zoned = line[(first + 1)..second];
            if (name != line[(beforeLast + 1)..last] || zoned != line[(last + 1)..] || !seen.Add(name) || zoned is not ("on" or "off"))
            {
                return null;
            }

            if (zoned == "off")
            {
                result.Add((name, line[(second + 1)..beforeLast]));
            }
        }

        return (result, seen);
    }

    /// <summary>The slow path when a mountpoint held a newline: the names, then the unzoned ones' mountpoints read framed.</summary>
    private (List<(string Name, string Mountpoint)> Unzoned, HashSet<string> Names) ReadUnzonedOneByOne()
    {
        var unzoned = new List<DatasetName>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in transport.Stream(FilesystemsCommand, output => ZfsListParser.Parse(output, FilesystemFields)))
        {
            names.Add(row.Name);
            if (row.GetText("zoned") == "off")
            {
                unzoned.Add(DatasetName.Parse(row.Name));
            }
        }

        var mountpoints = TenantPropertyReader.Read(transport, unzoned, ["mountpoint"])
            .Where(pair => pair.Value.GetText("mountpoint") is not null)
            .Select(pair => (pair.Key, pair.Value.GetText("mountpoint")!))
            .ToList();
        return (mountpoints, names);
    }
}

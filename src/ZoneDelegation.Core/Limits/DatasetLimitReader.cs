using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Limits;

/// <summary>
/// Get-DatasetLimit: the limits, counts and quota of a zone root. The root is vmadm's
/// <c>zfs_filesystem</c> (<see cref="ZoneRootLocator"/>), on whichever pool the zone was created; one
/// zone is read with one zfs get. Many zones of one CN are read with one zfs get too
/// (<see cref="ReadMany"/>, <see cref="ReadZoneRoots"/>): the direct children of every dataset that holds
/// a zone root (normally the pools), whatever the number of zones. A bhyve VM's quota is its root's
/// refquota, as vmadm keeps it (<see cref="ZoneRootLocation.QuotaProperty"/>).
/// </summary>
internal static class DatasetLimitReader
{
    private const string CountedLimits = "snapshot_limit,snapshot_count,filesystem_limit,filesystem_count";

    public static DatasetLimit Read(ComputeNodeConnection connection, ZoneUuid zone)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        return Read(connection, ZoneRootLocator.Locate(connection, zone));
    }

    /// <summary>Reads a zone root already located (one zfs get).</summary>
    public static DatasetLimit Read(ComputeNodeConnection connection, ZoneRootLocation location)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(location);
        var facts = ComputeNodeProbe.Get(connection);
        var zone = location.Zone;
        var root = location.Root;
        var transport = connection.Transport;
        try
        {
            var values = ReadProperties(transport, root, CountedLimits + "," + location.QuotaProperty);
            return Build(facts, location, values, limitsSupported: true);
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsUnknownProperty(error))
        {
            // A zfs without limits (zfs-fuse, old platforms): the quota is all there is.
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            throw ZfsCommandFailure.ZoneNotFound(zone, root, facts.ComputeNode, error);
        }

        try
        {
            return Build(facts, location, ReadProperties(transport, root, location.QuotaProperty), limitsSupported: false);
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            throw ZfsCommandFailure.ZoneNotFound(zone, root, facts.ComputeNode, error);
        }
    }

    /// <summary>
    /// Reads several zones of one CN: one zone with its own zfs get, more with one vmadm lookup and one
    /// zfs get over the datasets holding their roots (<see cref="ReadZoneRoots"/>). Yields a
    /// <see cref="DatasetLimit"/> per zone in the order given, or the ZoneNotFound exception of a zone
    /// vmadm does not know or whose root does not exist, so one missing zone does not hide the others.
    /// Duplicates are read once.
    /// </summary>
    public static IEnumerable<object> ReadMany(ComputeNodeConnection connection, IReadOnlyList<ZoneUuid> zones)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zones);
        var distinct = zones.Distinct().ToArray();
        if (distinct.Length == 1)
        {
            return [ReadOrFailure(connection, distinct[0])];
        }

        return ReadManyFromPools(connection, distinct);
    }

    private static object ReadOrFailure(ComputeNodeConnection connection, ZoneUuid zone)
    {
        try
        {
            return Read(connection, zone);
        }
        catch (ZoneDelegationException error) when (error.ErrorId == ErrorIds.ZoneNotFound)
        {
            return error;
        }
    }

    private static IEnumerable<object> ReadManyFromPools(ComputeNodeConnection connection, ZoneUuid[] zones)
    {
        var facts = ComputeNodeProbe.Get(connection);
        var wanted = zones.ToHashSet();
        var locations = ZoneRootLocator.LocateAll(connection, wanted.Contains);
        var roots = ReadLocatedRoots(connection, locations, wanted.Contains);
        foreach (var zone in zones)
        {
            var root = locations is null ? facts.ZoneRoot(zone)
                : locations.TryGetValue(zone, out var location) ? location.Root
                : null;
            yield return root is null ? ZoneRootLocator.NotFound(zone, facts.ComputeNode)
                : roots.TryGetValue(root.Value, out var limit) ? limit
                : ZfsCommandFailure.ZoneNotFound(zone, root, facts.ComputeNode);
        }
    }

    /// <summary>
    /// <c>zfs get -H -p -r -d 1 -t filesystem -o name,property,value,source &lt;properties&gt; &lt;parent&gt;...</c>:
    /// the direct children of each dataset that holds zone roots (the pools). One command for any number of zones.
    /// </summary>
    public static NativeCommand PoolCommand(IReadOnlyCollection<string> parents, string properties)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentException.ThrowIfNullOrEmpty(properties);
        if (parents.Count == 0)
        {
            throw new ArgumentException("At least one dataset is needed.", nameof(parents));
        }

        return new NativeCommand("zfs", ["get", "-H", "-p", "-r", "-d", "1", "-t", "filesystem", "-o", "name,property,value,source", properties, .. parents]);
    }

    /// <summary>
    /// The limits of every zone root of a CN that <paramref name="wanted"/> accepts (all when null), keyed by
    /// the root's name: with vmadm, one <c>vmadm lookup</c> says where each root is (vmadm's zfs_filesystem)
    /// and one zfs get reads the children of the datasets holding them; without vmadm, the children
    /// <c>&lt;Zpool&gt;/&lt;uuid&gt;</c> of sysinfo's pool. The zfs output is streamed; only this map of a few
    /// numbers per zone is kept, because vmadm lists zones in its own order and the join needs one side at hand.
    /// </summary>
    public static IReadOnlyDictionary<string, DatasetLimit> ReadZoneRoots(ComputeNodeConnection connection, Func<ZoneUuid, bool>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ReadLocatedRoots(connection, ZoneRootLocator.LocateAll(connection, wanted), wanted);
    }

    private static IReadOnlyDictionary<string, DatasetLimit> ReadLocatedRoots(ComputeNodeConnection connection,
        IReadOnlyDictionary<ZoneUuid, ZoneRootLocation>? locations, Func<ZoneUuid, bool>? wanted)
    {
        var facts = ComputeNodeProbe.Get(connection);
        var byRoot = locations is null ? null : locations.Values.ToDictionary(location => location.Root.Value, StringComparer.Ordinal);
        if (byRoot is { Count: 0 })
        {
            return new Dictionary<string, DatasetLimit>(StringComparer.Ordinal);
        }

        // Without vmadm every child <Zpool>/<uuid> is taken for a zone root, as the zone has no other record.
        ZoneRootLocation? Locate(string name)
        {
            if (byRoot is not null)
            {
                return byRoot.GetValueOrDefault(name);
            }

            var prefix = facts.Zpool + "/";
            return name.StartsWith(prefix, StringComparison.Ordinal) && ZoneUuid.TryParse(name[prefix.Length..], out var zone)
                   && (wanted is null || wanted(zone))
                ? new ZoneRootLocation(zone, DatasetName.Parse(name), null)
                : null;
        }

        // Both quota properties when vmadm says which applies to which zone (refquota for bhyve).
        var quotas = byRoot is null ? ZoneRootLocation.Quota : ZoneRootLocation.Quota + "," + ZoneRootLocation.RefQuota;
        var parents = byRoot is null
            ? [facts.Zpool]
            : byRoot.Values.Select(location => (location.Root.Parent ?? location.Root).Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        try
        {
            return ReadChildren(connection.Transport, facts, parents, CountedLimits + "," + quotas, Locate, limitsSupported: true);
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsUnknownProperty(error))
        {
            // A zfs without limits (zfs-fuse, old platforms): the quota is all there is.
            return ReadChildren(connection.Transport, facts, parents, quotas, Locate, limitsSupported: false);
        }
    }

    private static Dictionary<string, DatasetLimit> ReadChildren(ICommandTransport transport, ComputeNodeFacts facts, string[] parents,
        string properties, Func<string, ZoneRootLocation?> locate, bool limitsSupported)
    {
        var roots = new Dictionary<string, DatasetLimit>(StringComparer.Ordinal);
        var rows = transport.Stream(PoolCommand(parents, properties), output => ZfsGetParser.ParseZfsGet(output));
        foreach (var set in ZfsPropertyPivot.GroupByDataset(rows, properties.Split(',')))
        {
            if (locate(set.Name) is { } location)
            {
                if (roots.ContainsKey(set.Name))
                {
                    throw new ParseException(ZfsGetParser.Source, set.FirstLineNumber, $"{set.Name} appears twice; the listing is refused.", set.Name);
                }

                roots[set.Name] = Build(facts, location, property => set.GetInteger(property).Value, limitsSupported);
            }
        }

        return roots;
    }

    /// <summary><c>zfs get -H -p -o name,property,value,source &lt;properties&gt; &lt;root&gt;</c>.</summary>
    public static NativeCommand Command(DatasetName root, string properties)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new NativeCommand("zfs", "get", "-H", "-p", "-o", "name,property,value,source", properties, root.Value);
    }

    private static Dictionary<string, ZfsInteger> ReadProperties(ICommandTransport transport, DatasetName root, string properties)
    {
        // A handful of rows: read whole, so a failed zfs is reported as its error, never as empty output.
        var (output, _) = transport.Run(Command(root, properties));
        var values = new Dictionary<string, ZfsInteger>(StringComparer.Ordinal);
        foreach (var row in ZfsGetParser.ParseZfsGet(new StringReader(output)))
        {
            if (row.Name != root.Value)
            {
                throw new ParseException(ZfsGetParser.Source, row.LineNumber, $"a row for {row.Name}; expected only {root}.", row.Name);
            }

            values[row.Property] = row.GetInteger();
        }

        foreach (var property in properties.Split(','))
        {
            if (!values.ContainsKey(property))
            {
                throw new ParseException(ZfsGetParser.Source, 0, $"no {property} row for {root}.");
            }
        }

        return values;
    }

    private static DatasetLimit Build(ComputeNodeFacts facts, ZoneRootLocation location,
        Dictionary<string, ZfsInteger> values, bool limitsSupported) =>
        Build(facts, location, property => values.TryGetValue(property, out var value) ? value.Value : null, limitsSupported);

    private static DatasetLimit Build(ComputeNodeFacts facts, ZoneRootLocation location,
        Func<string, ulong?> get, bool limitsSupported)
    {
        // Limits print UINT64_MAX for none (Value is then null); quota and refquota print 0 for none.
        var quota = get(location.QuotaProperty);
        return new DatasetLimit
        {
            ComputeNode = facts.ComputeNode,
            Zone = location.Zone.Value,
            Dataset = location.Root.Value,
            SnapshotLimit = get("snapshot_limit"),
            SnapshotCount = get("snapshot_count"),
            FilesystemLimit = get("filesystem_limit"),
            FilesystemCount = get("filesystem_count"),
            Quota = quota is 0 ? null : quota,
            QuotaProperty = location.QuotaProperty,
            LimitsSupported = limitsSupported,
        };
    }
}

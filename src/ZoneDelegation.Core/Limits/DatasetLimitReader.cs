using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Limits;

/// <summary>
/// Get-DatasetLimit: the limits, counts and quota of a zone root, read with one zfs get. Many zones of
/// one CN are read with one zfs get too (<see cref="ReadMany"/>, <see cref="ReadZoneRoots"/>): the
/// direct children of the zone pool, whatever the number of zones.
/// </summary>
public static class DatasetLimitReader
{
    public const string LimitProperties = "snapshot_limit,snapshot_count,filesystem_limit,filesystem_count,quota";

    public static DatasetLimit Read(ComputeNodeConnection connection, ZoneUuid zone)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        var facts = ComputeNodeProbe.Get(connection);
        var root = facts.ZoneRoot(zone);
        var transport = connection.Transport;
        try
        {
            var values = ReadProperties(transport, root, LimitProperties);
            return Build(facts, zone, root, values, limitsSupported: true);
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
            return Build(facts, zone, root, ReadProperties(transport, root, "quota"), limitsSupported: false);
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            throw ZfsCommandFailure.ZoneNotFound(zone, root, facts.ComputeNode, error);
        }
    }

    /// <summary>
    /// Reads several zones of one CN: one zone with its own zfs get, more with one zfs get over the pool
    /// (<see cref="ReadZoneRoots"/>). Yields a <see cref="DatasetLimit"/> per zone in the order given,
    /// or the ZoneNotFound exception of a zone whose root does not exist, so one missing zone does not
    /// hide the others. Duplicates are read once.
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

        return ReadManyFromPool(connection, distinct);
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

    private static IEnumerable<object> ReadManyFromPool(ComputeNodeConnection connection, ZoneUuid[] zones)
    {
        var facts = ComputeNodeProbe.Get(connection);
        var wanted = zones.ToHashSet();
        var roots = ReadZoneRoots(connection, wanted.Contains);
        foreach (var zone in zones)
        {
            var root = facts.ZoneRoot(zone);
            yield return roots.TryGetValue(root.Value, out var limit)
                ? limit
                : ZfsCommandFailure.ZoneNotFound(zone, root, facts.ComputeNode);
        }
    }

    /// <summary>
    /// <c>zfs get -H -p -r -d 1 -t filesystem -o name,property,value,source &lt;properties&gt; &lt;pool&gt;</c>:
    /// the direct children of the zone pool, which is where zone roots live. One command for any number of zones.
    /// </summary>
    public static NativeCommand PoolCommand(string pool, string properties)
    {
        ArgumentException.ThrowIfNullOrEmpty(pool);
        return new NativeCommand("zfs", "get", "-H", "-p", "-r", "-d", "1", "-t", "filesystem",
            "-o", "name,property,value,source", properties, pool);
    }

    /// <summary>
    /// The limits of every zone root of a CN (children <c>&lt;pool&gt;/&lt;uuid&gt;</c>; images and
    /// <c>cores</c> are skipped, as is any zone <paramref name="wanted"/> refuses), keyed by the root's
    /// name. The output is streamed; only this map of five numbers per zone is kept, because vmadm
    /// lists zones in its own order and the join with zfs's order needs one side at hand.
    /// </summary>
    public static IReadOnlyDictionary<string, DatasetLimit> ReadZoneRoots(ComputeNodeConnection connection, Func<ZoneUuid, bool>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var facts = ComputeNodeProbe.Get(connection);
        try
        {
            return ReadPool(connection.Transport, facts, LimitProperties, wanted, limitsSupported: true);
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsUnknownProperty(error))
        {
            // A zfs without limits (zfs-fuse, old platforms): the quota is all there is.
            return ReadPool(connection.Transport, facts, "quota", wanted, limitsSupported: false);
        }
    }

    private static Dictionary<string, DatasetLimit> ReadPool(ICommandTransport transport, ComputeNodeFacts facts, string properties,
        Func<ZoneUuid, bool>? wanted, bool limitsSupported)
    {
        var prefix = facts.Zpool + "/";
        var roots = new Dictionary<string, DatasetLimit>(StringComparer.Ordinal);
        var rows = transport.Stream(PoolCommand(facts.Zpool, properties), output => ZfsGetParser.ParseZfsGet(output));
        foreach (var set in ZfsPropertyPivot.GroupByDataset(rows, properties.Split(',')))
        {
            if (!set.Name.StartsWith(prefix, StringComparison.Ordinal)
                || !ZoneUuid.TryParse(set.Name[prefix.Length..], out var zone)
                || (wanted is not null && !wanted(zone)))
            {
                continue;
            }

            if (roots.ContainsKey(set.Name))
            {
                throw new ParseException(ZfsGetParser.Source, set.FirstLineNumber, $"{set.Name} appears twice; the listing is refused.", set.Name);
            }

            roots[set.Name] = Build(facts, zone, DatasetName.Parse(set.Name), property => set.GetInteger(property).Value, limitsSupported);
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

    private static DatasetLimit Build(ComputeNodeFacts facts, ZoneUuid zone, DatasetName root,
        Dictionary<string, ZfsInteger> values, bool limitsSupported) =>
        Build(facts, zone, root, property => values.TryGetValue(property, out var value) ? value.Value : null, limitsSupported);

    private static DatasetLimit Build(ComputeNodeFacts facts, ZoneUuid zone, DatasetName root,
        Func<string, ulong?> get, bool limitsSupported)
    {
        // Limits print UINT64_MAX for none (Value is then null); quota prints 0 for none.
        var quota = get("quota");
        return new DatasetLimit
        {
            ComputeNode = facts.ComputeNode,
            Zone = zone.Value,
            Dataset = root.Value,
            SnapshotLimit = get("snapshot_limit"),
            SnapshotCount = get("snapshot_count"),
            FilesystemLimit = get("filesystem_limit"),
            FilesystemCount = get("filesystem_count"),
            Quota = quota is 0 ? null : quota,
            LimitsSupported = limitsSupported,
        };
    }
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Limits;

/// <summary>Get-DatasetLimit: the limits, counts and quota of a zone root, read with one zfs get.</summary>
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
        Dictionary<string, ZfsInteger> values, bool limitsSupported)
    {
        // Limits print UINT64_MAX for none (Value is then null); quota prints 0 for none.
        ulong? Get(string property) => values.TryGetValue(property, out var value) ? value.Value : null;
        var quota = Get("quota");
        return new DatasetLimit
        {
            ComputeNode = facts.ComputeNode,
            Zone = zone.Value,
            Dataset = root.Value,
            SnapshotLimit = Get("snapshot_limit"),
            SnapshotCount = Get("snapshot_count"),
            FilesystemLimit = Get("filesystem_limit"),
            FilesystemCount = Get("filesystem_count"),
            Quota = quota is 0 ? null : quota,
            LimitsSupported = limitsSupported,
        };
    }
}

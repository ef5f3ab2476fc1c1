using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// Get-ZoneSnapshot: the snapshots of a zone's root and everything below it, streamed as zfs prints
/// them (one row, or one dataset's zfs get rows, in memory at a time), classified by <see cref="SnapshotScope"/>.
/// </summary>
internal static class ZoneSnapshotReader
{
    private static readonly string[] PivotProperties = ["type", "creation", "used", "referenced"];

    /// <summary>
    /// Validates the zone UUID and the name wildcard before anything is sent to the CN, then lists;
    /// <paramref name="cancellationToken"/> stops the listing command at once (a stopped pipeline), even while it is silent.
    /// </summary>
    public static IEnumerable<ZoneSnapshot> List(ComputeNodeConnection connection, string zone,
        IReadOnlyCollection<SnapshotScope> scopes, string? namePattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var uuid = ZoneUuid.Parse(zone);
        var matches = namePattern is null ? null : SnapshotNameFilter.Parse(namePattern);
        return List(connection, uuid, scopes, matches, cancellationToken);
    }

    /// <param name="connection">The compute node.</param>
    /// <param name="zone">The zone; its root is vmadm's zfs_filesystem (<see cref="ZoneRootLocator"/>), or <c>&lt;Zpool&gt;/&lt;uuid&gt;</c> without vmadm.</param>
    /// <param name="scopes">The scopes to keep; empty keeps all three.</param>
    /// <param name="nameMatches">Tested against the snapshot's Name and the name after '@' (either may match); null keeps every name.</param>
    /// <param name="cancellationToken">Stops the listing command at once (a stopped pipeline), even while it is silent.</param>
    public static IEnumerable<ZoneSnapshot> List(ComputeNodeConnection connection, ZoneUuid zone,
        IReadOnlyCollection<SnapshotScope> scopes, Func<string, bool>? nameMatches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(scopes);
        return Iterate(connection, zone, () => ZoneRootLocator.Locate(connection, zone).Root, Wanted(scopes), nameMatches, cancellationToken);
    }

    /// <summary>The snapshots of a zone whose root is already known (read with vmadm get: no second look-up).</summary>
    public static IEnumerable<ZoneSnapshot> List(ComputeNodeConnection connection, ZoneRootLocation zone,
        IReadOnlyCollection<SnapshotScope> scopes, Func<string, bool>? nameMatches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(scopes);
        return Iterate(connection, zone.Zone, () => zone.Root, Wanted(scopes), nameMatches, cancellationToken);
    }

    private static HashSet<SnapshotScope> Wanted(IReadOnlyCollection<SnapshotScope> scopes) =>
        scopes.Count == 0 ? [SnapshotScope.Root, SnapshotScope.Delegated, SnapshotScope.Other] : scopes.ToHashSet();

    /// <summary>The listing command for a zone root, as the CN's zfs accepts it.</summary>
    public static NativeCommand ListingCommand(ComputeNodeFacts facts, DatasetName zoneRoot)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(zoneRoot);
        return facts.SupportsParsableList
            ? new NativeCommand("zfs", "list", "-H", "-p", "-t", "snapshot", "-o", ZfsFieldList.SnapshotListing.Argument, "-r", zoneRoot.Value)
            : new NativeCommand("zfs", "get", "-H", "-p", "-r", "-o", "name,property,value,source",
                string.Join(',', PivotProperties), zoneRoot.Value);
    }

    private static IEnumerable<ZoneSnapshot> Iterate(ComputeNodeConnection connection, ZoneUuid zone, Func<DatasetName> locateRoot,
        HashSet<SnapshotScope> scopes, Func<string, bool>? nameMatches, CancellationToken cancellationToken)
    {
        var facts = ComputeNodeProbe.Get(connection);
        var root = locateRoot();
        var classifier = new ScopeClassifier(root.Value);
        var command = ListingCommand(facts, root);
        var snapshots = facts.SupportsParsableList
            ? connection.Transport.Stream(command, output => FromList(output, facts.ComputeNode, zone.Value, classifier), cancellationToken)
            : connection.Transport.Stream(command, output => FromGet(output, facts.ComputeNode, zone.Value, classifier), cancellationToken);

        // Names, types and numbers only: no value a zone admin writes is in this listing, so each line is one
        // snapshot as zfs printed it. A name listed twice or outside the root can only be a forgery: refused.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        using var enumerator = snapshots.GetEnumerator();
        while (true)
        {
            // The zone's absence shows as zfs failing once the (empty) output has been read.
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
            {
                throw ZfsCommandFailure.ZoneNotFound(zone, root, facts.ComputeNode, error);
            }

            var snapshot = enumerator.Current;
            if (!listed.Add(snapshot.FullName))
            {
                throw new ParseException(ZfsGetParser.Source, 0, $"{snapshot.FullName} appears twice; the listing is refused.", snapshot.FullName);
            }

            if (scopes.Contains(snapshot.ScopeValue) && (nameMatches is null || nameMatches(snapshot.Name) || nameMatches(snapshot.ZfsName)))
            {
                yield return snapshot;
            }
        }
    }

    private static IEnumerable<ZoneSnapshot> FromList(TextReader output, string computeNode, string zone, ScopeClassifier classifier)
    {
        var fields = ZfsFieldList.SnapshotListing;
        int name = fields.IndexOf("name"), creation = fields.IndexOf("creation"), used = fields.IndexOf("used"), referenced = fields.IndexOf("referenced");
        foreach (var row in ZfsListParser.Parse(output, fields))
        {
            yield return Create(computeNode, zone, classifier, row.GetText(name)!, row.LineNumber, ZfsListParser.Source,
                row.GetInteger(creation), row.GetInteger(used), row.GetInteger(referenced));
        }
    }

    private static IEnumerable<ZoneSnapshot> FromGet(TextReader output, string computeNode, string zone, ScopeClassifier classifier)
    {
        // Filesystems come in the same stream; only the snapshots are kept.
        foreach (var set in ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(output, requireRows: false), PivotProperties))
        {
            if (set.GetText("type") != "snapshot")
            {
                continue;
            }

            yield return Create(computeNode, zone, classifier, set.Name, set.FirstLineNumber, ZfsGetParser.Source,
                set.GetInteger("creation"), set.GetInteger("used"), set.GetInteger("referenced"));
        }
    }

    private static ZoneSnapshot Create(string computeNode, string zone, ScopeClassifier classifier, string fullName,
        long line, string outputOf, ZfsInteger creation, ZfsInteger used, ZfsInteger referenced)
    {
        var at = fullName.IndexOf('@');
        if (at <= 0 || at == fullName.Length - 1)
        {
            throw new ParseException(outputOf, line, $"'{fullName}' is not a snapshot name (dataset@name).", fullName);
        }

        var dataset = fullName[..at];
        var zfsName = fullName[(at + 1)..];
        var scope = classifier.Classify(dataset, line, outputOf);
        return new ZoneSnapshot
        {
            ComputeNode = computeNode,
            Zone = zone,
            Dataset = dataset,
            // vmadm names root snapshots only; below the root the name is the zone admin's, shown as it is.
            Name = scope == SnapshotScope.Root ? VmSnapshotName.OperatorName(zfsName) : zfsName,
            ZfsName = zfsName,
            FullName = fullName,
            ScopeValue = scope,
            Created = UnixTime.FromSeconds(Required(creation, "creation", fullName, line, outputOf), outputOf, $"the creation of {fullName}"),
            Used = Required(used, "used", fullName, line, outputOf),
            Referenced = Required(referenced, "referenced", fullName, line, outputOf),
        };
    }

    private static ulong Required(ZfsInteger value, string property, string name, long line, string outputOf) =>
        value.Value ?? throw new ParseException(outputOf, line, $"{property} of {name} is '{value}'; expected a number.", name);

    /// <summary>Root, Delegated (<c>root/data</c> and below) or Other, by plain prefix comparison (no allocation).</summary>
    private sealed class ScopeClassifier(string root)
    {
        private readonly string data = root + "/data";

        public SnapshotScope Classify(string dataset, long line, string outputOf)
        {
            if (dataset == root)
            {
                return SnapshotScope.Root;
            }

            if (dataset.StartsWith(data, StringComparison.Ordinal) && (dataset.Length == data.Length || dataset[data.Length] == '/'))
            {
                return SnapshotScope.Delegated;
            }

            return dataset.Length > root.Length && dataset[root.Length] == '/' && dataset.StartsWith(root, StringComparison.Ordinal)
                ? SnapshotScope.Other
                : throw new ParseException(outputOf, line, $"{dataset} is not below the zone root {root}.", dataset);
        }
    }
}

using System.Globalization;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// The identity of a zone's delegated datasets: the guid of every dataset below them and of every
/// snapshot, and each snapshot's referenced bytes (fixed for life). Read before and after a root
/// rollback or a reprovision to show that the delegated data was not touched. A dataset's own
/// referenced is not compared: a running zone may write to it meanwhile.
/// </summary>
internal sealed class DelegatedTree
{
    private DelegatedTree(IReadOnlyDictionary<string, Entry> entries) => Entries = entries;

    /// <summary>Name to guid and referenced, datasets and snapshots.</summary>
    public IReadOnlyDictionary<string, Entry> Entries { get; }

    public int SnapshotCount => Entries.Keys.Count(name => name.Contains('@', StringComparison.Ordinal));

    public static DelegatedTree Empty { get; } = new(new Dictionary<string, Entry>());

    public static NativeCommand Command(IReadOnlyList<string> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        return new NativeCommand("zfs", ["get", "-H", "-p", "-r", "-o", "name,property,value,source", "guid,referenced", .. datasets]);
    }

    /// <param name="transport">The CN.</param>
    /// <param name="datasets">vmadm's <c>datasets</c> of the zone, already known to be inside the zone root.</param>
    public static DelegatedTree Read(ICommandTransport transport, IReadOnlyList<string> datasets)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(datasets);
        if (datasets.Count == 0)
        {
            return Empty;
        }

        var (output, _) = transport.Run(Command(datasets));
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var row in ZfsGetParser.ParseZfsGet(new StringReader(output)))
        {
            // guid and referenced are numbers, names follow ZFS's grammar: no value here can pose as a row. Checked all the same.
            if (!seen.Add((row.Name, row.Property)) || !datasets.Any(d => row.Name == d || row.Name.StartsWith(d + "/", StringComparison.Ordinal) ||
                    row.Name.StartsWith(d + "@", StringComparison.Ordinal)))
            {
                throw new ParseException(ZfsGetParser.Source, row.LineNumber,
                    $"a second {row.Property} row for {row.Name}, or a name outside {string.Join(", ", datasets)}; the listing is refused.", row.Name);
            }

            var value = row.GetInteger().Value
                        ?? throw new ParseException(ZfsGetParser.Source, row.LineNumber, $"{row.Property} of {row.Name} is '{row.Value}'.", row.Name);
            entries.TryGetValue(row.Name, out var entry);
            entries[row.Name] = row.Property == "guid" ? entry with { Guid = value } : entry with { Referenced = value };
        }

        return new DelegatedTree(entries);
    }

    /// <summary>One sentence per dataset or snapshot that appeared, disappeared or changed identity; empty when none did.</summary>
    public IReadOnlyList<string> Differences(DelegatedTree after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var differences = new List<string>();
        foreach (var (name, before) in Entries)
        {
            if (!after.Entries.TryGetValue(name, out var now))
            {
                differences.Add($"{name} is gone");
            }
            else if (now.Guid != before.Guid)
            {
                differences.Add($"{name} has guid {Show(now.Guid)}, was {Show(before.Guid)}");
            }
            else if (name.Contains('@', StringComparison.Ordinal) && now.Referenced != before.Referenced)
            {
                differences.Add($"{name} references {Show(now.Referenced)} bytes, was {Show(before.Referenced)}");
            }
        }

        differences.AddRange(after.Entries.Keys.Where(name => !Entries.ContainsKey(name)).Select(name => $"{name} appeared"));
        return differences;
    }

    private static string Show(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public readonly record struct Entry(ulong Guid, ulong Referenced);
}

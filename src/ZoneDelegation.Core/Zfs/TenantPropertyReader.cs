using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Zfs;

/// <summary>
/// Reads properties a zone admin can write (user properties, and the mountpoint of a zoned dataset) of
/// datasets whose names the caller already took from a listing no value can forge (names, types,
/// origins, numbers: ZFS's grammar gives them no TAB or newline). zfs prints such a value raw, so a value
/// holding a newline could pose as whole rows of another dataset; these values are therefore never read
/// as rows of a free listing (<c>-r</c>, or every dataset), only as the answer for names given here.
/// <para>
/// Why the framing cannot be forged: <c>zfs get -H -o name,property,value,source P1,…,Pn D1 … Dk</c>
/// prints exactly one line per (dataset, property) when no value holds a newline, and exits non-zero
/// when a named dataset is gone (zfs_main.c zfs_do_get / zfs_for_each); a value can add lines but never
/// remove one. So when zfs succeeds with exactly n×k lines, each (Di, Pj) exactly once, no value held a
/// newline and every line is a real row. Otherwise the values are read again one dataset at a time,
/// and where that still does not frame, one property at a time with <c>-o source,value</c>: the source
/// (a keyword or "inherited from &lt;dataset&gt;") has no TAB, so everything after the first TAB up to the
/// final newline is the value, whatever it holds. A value is then read faithfully or the read fails; it
/// never becomes a row.
/// </para>
/// </summary>
internal static class TenantPropertyReader
{
    /// <summary>Names per command: keeps a command line short on a CN with thousands of datasets.</summary>
    public const int DatasetsPerCommand = 256;

    public static NativeCommand Command(IReadOnlyList<string> properties, IReadOnlyList<DatasetName> datasets) =>
        new("zfs", ["get", "-H", "-p", "-o", "name,property,value,source",
            string.Join(',', properties.Select(p => ZfsName.Property(p).Value)), .. datasets.Select(d => d.Value)]);

    public static NativeCommand ExactCommand(string property, DatasetName dataset) =>
        new("zfs", "get", "-H", "-p", "-o", "source,value", ZfsName.Property(property).Value, dataset.Value);

    /// <summary>
    /// The given properties of each dataset, keyed by dataset name. One command per
    /// <see cref="DatasetsPerCommand"/> datasets unless a value holds a newline. A dataset destroyed
    /// since it was listed has no entry.
    /// </summary>
    public static IReadOnlyDictionary<string, ZfsPropertySet> Read(ICommandTransport transport, IReadOnlyList<DatasetName> datasets,
        IReadOnlyList<string> properties)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(properties);
        var result = new Dictionary<string, ZfsPropertySet>(StringComparer.Ordinal);
        if (properties.Count == 0)
        {
            return result;
        }

        var distinct = datasets.DistinctBy(d => d.Value, StringComparer.Ordinal).ToList();
        foreach (var chunk in distinct.Chunk(DatasetsPerCommand))
        {
            var framed = TryReadFramed(transport, chunk, properties);
            foreach (var dataset in chunk)
            {
                try
                {
                    result[dataset.Value] = framed?[dataset.Value]
                                            ?? TryReadFramed(transport, [dataset], properties)?[dataset.Value]
                                            ?? ReadOneByOne(transport, dataset, properties);
                }
                catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
                {
                    // Destroyed since it was listed: it has no values, and no entry here.
                }
            }
        }

        return result;
    }

    /// <summary>The sets, or null when the output does not frame as exactly one line per (dataset, property).</summary>
    private static Dictionary<string, ZfsPropertySet>? TryReadFramed(ICommandTransport transport, IReadOnlyList<DatasetName> datasets,
        IReadOnlyList<string> properties)
    {
        string output;
        try
        {
            (output, _) = transport.Run(Command(properties, datasets));
        }
        catch (NativeCommandException error) when (datasets.Count > 1 &&
                                                   (error.ErrorId == ErrorIds.OutputTooLarge || ZfsCommandFailure.IsDatasetMissing(error)))
        {
            // Long values (up to zfs's limit each), or a dataset destroyed since it was listed (its lines are
            // missing, so the count proves nothing): read them a dataset at a time.
            return null;
        }

        var wanted = properties.ToHashSet(StringComparer.Ordinal);
        var rows = new Dictionary<string, Dictionary<string, ZfsPropertyRow>>(StringComparer.Ordinal);
        foreach (var dataset in datasets)
        {
            rows[dataset.Value] = new Dictionary<string, ZfsPropertyRow>(StringComparer.Ordinal);
        }

        var lines = output.Count(c => c == '\n');
        if (lines != datasets.Count * properties.Count)
        {
            return null;
        }

        try
        {
            foreach (var row in ZfsGetParser.ParseZfsGet(new StringReader(output)))
            {
                if (!rows.TryGetValue(row.Name, out var ofDataset) || !wanted.Contains(row.Property) || !ofDataset.TryAdd(row.Property, row))
                {
                    return null;
                }
            }
        }
        catch (ParseException)
        {
            return null;
        }

        // n×k lines, each (dataset, property) at most once: each exactly once.
        return rows.ToDictionary(pair => pair.Key, pair => new ZfsPropertySet(pair.Key, pair.Value, 0), StringComparer.Ordinal);
    }

    private static ZfsPropertySet ReadOneByOne(ICommandTransport transport, DatasetName dataset, IReadOnlyList<string> properties)
    {
        var rows = new Dictionary<string, ZfsPropertyRow>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            rows[property] = ReadExact(transport, dataset, property);
        }

        return new ZfsPropertySet(dataset.Value, rows, 0);
    }

    /// <summary>One value whole, newlines and TABs included: <c>zfs get -H -p -o source,value &lt;property&gt; &lt;dataset&gt;</c>.</summary>
    public static ZfsPropertyRow ReadExact(ICommandTransport transport, DatasetName dataset, string property)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(dataset);
        var command = ExactCommand(property, dataset);
        var (output, _) = transport.Run(command);
        var tab = output.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0 || !output.EndsWith('\n'))
        {
            throw new ParseException(ZfsGetParser.Source, 1,
                $"{property} of {dataset} read alone is not 'source TAB value' ending in a newline: the output was cut short.", dataset.Value);
        }

        var sourceText = output[..tab];
        if (!ZfsPropertySource.TryParse(sourceText, out var source))
        {
            throw new ParseException(ZfsGetParser.Source, 1,
                $"the source of {property} of {dataset} is '{sourceText}'; expected -, default, local, received, temporary or 'inherited from <dataset>'.",
                dataset.Value);
        }

        return new ZfsPropertyRow(dataset.Value, property, output[(tab + 1)..^1], source, 1);
    }
}

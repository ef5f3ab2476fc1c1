namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// Turns a stream of zfs get rows into one record per dataset, keeping only the current dataset in
/// memory. zfs get prints all properties of a dataset together, so consecutive rows with the same name
/// belong together. This is how listings are read where <c>zfs list -p</c> does not exist (zfs-fuse):
/// <c>zfs get -H -p -o name,property,value,source -r -t snapshot creation,used,referenced &lt;ds&gt;</c>.
/// </summary>
internal static class ZfsPropertyPivot
{
    /// <param name="rows">Rows from <see cref="ZfsGetParser"/>.</param>
    /// <param name="requiredProperties">
    /// When given, every dataset must have each of these rows; one that lacks any is a ParseError (the
    /// output was cut or the platform does not know the property), never a record with a hole.
    /// </param>
    /// <param name="outputOf">The command named in a ParseError.</param>
    public static IEnumerable<ZfsPropertySet> GroupByDataset(IEnumerable<ZfsPropertyRow> rows,
        IReadOnlyCollection<string>? requiredProperties = null, string outputOf = ZfsGetParser.Source)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Iterate(rows, requiredProperties ?? [], outputOf);
    }

    private static IEnumerable<ZfsPropertySet> Iterate(IEnumerable<ZfsPropertyRow> rows,
        IReadOnlyCollection<string> required, string outputOf)
    {
        string? name = null;
        long firstLine = 0;
        Dictionary<string, ZfsPropertyRow>? properties = null;
        foreach (var row in rows)
        {
            if (properties is not null && string.Equals(row.Name, name, StringComparison.Ordinal))
            {
                if (!properties.TryAdd(row.Property, row))
                {
                    throw new ParseException(outputOf, row.LineNumber,
                        $"{row.Property} of {row.Name} appears twice.", row.Name);
                }

                continue;
            }

            if (properties is not null)
            {
                yield return Complete(name!, properties, firstLine, required, outputOf);
            }

            name = row.Name;
            firstLine = row.LineNumber;
            properties = new Dictionary<string, ZfsPropertyRow>(Math.Max(required.Count, 4), StringComparer.Ordinal)
            {
                [row.Property] = row,
            };
        }

        if (properties is not null)
        {
            yield return Complete(name!, properties, firstLine, required, outputOf);
        }
    }

    private static ZfsPropertySet Complete(string name, Dictionary<string, ZfsPropertyRow> properties, long firstLine,
        IReadOnlyCollection<string> required, string outputOf)
    {
        foreach (var property in required)
        {
            if (!properties.ContainsKey(property))
            {
                throw new ParseException(outputOf, firstLine,
                    $"{name} has no {property} row; expected {string.Join(", ", required)} for every dataset.", name);
            }
        }

        return new ZfsPropertySet(name, properties, firstLine);
    }
}

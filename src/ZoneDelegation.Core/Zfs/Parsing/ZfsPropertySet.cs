namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>The properties of one dataset, pivoted from consecutive zfs get rows.</summary>
public sealed class ZfsPropertySet
{
    internal ZfsPropertySet(string name, Dictionary<string, ZfsPropertyRow> properties, long firstLine)
    {
        Name = name;
        Properties = properties;
        FirstLineNumber = firstLine;
    }

    /// <summary>The dataset (or snapshot, or pool) name.</summary>
    public string Name { get; }

    public IReadOnlyDictionary<string, ZfsPropertyRow> Properties { get; }

    /// <summary>The line of this dataset's first row.</summary>
    public long FirstLineNumber { get; }

    public ZfsPropertyRow? this[string property] => Properties.GetValueOrDefault(property);

    /// <summary>A property's text value, or null when it was not printed or printed as '-'.</summary>
    public string? GetText(string property) =>
        Properties.TryGetValue(property, out var row) && !row.IsAbsent ? row.Value : null;

    /// <summary>A property as an integer; Absent when it was not printed.</summary>
    public ZfsInteger GetInteger(string property) =>
        Properties.TryGetValue(property, out var row) ? row.GetInteger() : ZfsInteger.Absent;

    public DateTimeOffset? GetTimestamp(string property) =>
        Properties.TryGetValue(property, out var row) ? row.GetTimestamp() : null;
}

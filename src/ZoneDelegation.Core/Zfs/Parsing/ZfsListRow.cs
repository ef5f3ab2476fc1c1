using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// One line of <c>zfs list -H -p -o &lt;fields&gt;</c>, already checked: every integer column held digits or '-'.
/// Read by field name (<see cref="GetInteger(string)"/>) or, in hot loops, by column index from
/// <see cref="ZfsFieldList.IndexOf"/>. Asking for a field that was not listed, or with the wrong kind,
/// is a programming error (InvalidOperationException).
/// </summary>
internal sealed class ZfsListRow
{
    private readonly string?[] texts;
    private readonly ulong[] integers;
    private readonly ulong absent;

    internal ZfsListRow(ZfsFieldList fields, long lineNumber, string?[] texts, ulong[] integers, ulong absent)
    {
        Fields = fields;
        LineNumber = lineNumber;
        this.texts = texts;
        this.integers = integers;
        this.absent = absent;
    }

    public ZfsFieldList Fields { get; }

    /// <summary>The 1-based output line this row came from.</summary>
    public long LineNumber { get; }

    /// <summary>The "name" column (never '-' or empty: the parser refuses that).</summary>
    public string Name => GetText("name")!;

    /// <summary>A text column; null when zfs printed '-'.</summary>
    public string? GetText(string field) => GetText(Fields.RequireIndex(field, ZfsPropertyKind.Text));

    public string? GetText(int index) => texts[Fields.SlotAt(Fields.RequireKind(index, ZfsPropertyKind.Text))];

    /// <summary>An integer column.</summary>
    public ZfsInteger GetInteger(string field) => GetInteger(Fields.RequireIndex(field, ZfsPropertyKind.Integer));

    public ZfsInteger GetInteger(int index)
    {
        var slot = Fields.SlotAt(Fields.RequireKind(index, ZfsPropertyKind.Integer));
        return (absent & (1UL << index)) != 0 ? ZfsInteger.Absent : ZfsInteger.FromValue(integers[slot]);
    }

    /// <summary>An integer column read as seconds since the epoch (creation), or null when '-'.</summary>
    public DateTimeOffset? GetTimestamp(string field) =>
        GetInteger(field).Value is { } seconds ? UnixTime.FromSeconds(seconds, "zfs list", field) : null;
}

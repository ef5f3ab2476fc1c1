using System.Collections.ObjectModel;

namespace ZoneDelegation.Core.Output;

/// <summary>
/// A read-only list of an output object whose <see cref="ToString"/> lists its items: Export-Csv and
/// string conversion write <c>zones/a/data, zones/b/data</c>, not <c>System.String[]</c>.
/// ConvertTo-Json still writes it as an array, Format-List as <c>{a, b}</c>.
/// </summary>
internal sealed class ReadableList<T> : ReadOnlyCollection<T>
{
    private readonly string separator;

    public ReadableList(IEnumerable<T> items, string separator = ", ")
        : base(items.ToArray())
    {
        this.separator = separator;
    }

    public static new ReadableList<T> Empty { get; } = new([]);

    public override string ToString() => string.Join(separator, this);
}

/// <summary>Wraps the lists output objects are given in a <see cref="ReadableList{T}"/>.</summary>
internal static class ReadableList
{
    public static ReadableList<T> Of<T>(IEnumerable<T>? items) =>
        items as ReadableList<T> ?? (items is null ? ReadableList<T>.Empty : new ReadableList<T>(items));

    /// <summary>Findings read "Code: message" each; their messages hold commas, so they are separated by "; ".</summary>
    public static ReadableList<T> Sentences<T>(IEnumerable<T>? items) =>
        new(items ?? [], "; ");
}

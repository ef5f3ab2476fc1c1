namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>Span helpers for -H output: fields are separated by TAB only, never by spaces.</summary>
internal static class TabSeparatedLine
{
    /// <summary>Takes the text up to the next TAB and advances past it; false when there is no TAB.</summary>
    public static bool TryTakeField(scoped ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
    {
        var tab = rest.IndexOf('\t');
        if (tab < 0)
        {
            field = default;
            return false;
        }

        field = rest[..tab];
        rest = rest[(tab + 1)..];
        return true;
    }

    public static int CountFields(ReadOnlySpan<char> line) => line.IsEmpty ? 0 : line.Count('\t') + 1;

    public static string WrongFieldCount(ReadOnlySpan<char> line, int expected, string fields) =>
        $"expected {expected} TAB-separated fields ({fields}) but found {CountFields(line)}.";
}

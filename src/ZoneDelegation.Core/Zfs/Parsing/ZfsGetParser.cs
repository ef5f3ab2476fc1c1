namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// Streams <c>zfs get -H -p -o name,property,value,source</c> and <c>zpool get -H -o name,property,value,source</c>.
/// Split on TAB only: the source "inherited from zones/x" contains spaces. The name and property are the
/// first two fields and the source the last; a user property's value may itself contain TABs (zfs(8)
/// allows any text), so everything between is the value. A native property's value never has a TAB,
/// so for those an extra column is a ParseError, as is a non-integer value of a native integer property.
/// A value containing a newline cannot be told apart from a broken line: read such user properties one at a time.
/// </summary>
internal static class ZfsGetParser
{
    public const string Source = "zfs get";
    public const string PoolSource = "zpool get";

    private const string Columns = "name, property, value, source";

    /// <param name="output">The command's stdout.</param>
    /// <param name="requireRows">True (the default) because zfs get of named properties always prints a line or fails.</param>
    public static IEnumerable<ZfsPropertyRow> ParseZfsGet(TextReader output, bool requireRows = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Iterate(output, Source, checkIntegers: true, requireRows);
    }

    /// <summary>zpool get prints human values (no -p needed here), so integers are not checked.</summary>
    public static IEnumerable<ZfsPropertyRow> ParseZpoolGet(TextReader output, bool requireRows = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Iterate(output, PoolSource, checkIntegers: false, requireRows);
    }

    private static IEnumerable<ZfsPropertyRow> Iterate(TextReader output, string source, bool checkIntegers, bool requireRows)
    {
        var reader = new OutputLineReader(output, source);
        while (reader.ReadLine())
        {
            yield return ParseRow(reader, checkIntegers);
        }

        if (requireRows && reader.LineNumber == 0)
        {
            throw reader.StreamError($"no output; expected lines of {Columns}.");
        }
    }

    private static ZfsPropertyRow ParseRow(OutputLineReader reader, bool checkIntegers)
    {
        var line = reader.Line;
        var rest = line;
        var lastTab = line.LastIndexOf('\t');
        if (!TabSeparatedLine.TryTakeField(ref rest, out var name) ||
            !TabSeparatedLine.TryTakeField(ref rest, out var property) ||
            lastTab < line.Length - rest.Length)
        {
            throw reader.Error(TabSeparatedLine.WrongFieldCount(line, 4, Columns));
        }

        var value = line[(line.Length - rest.Length)..lastTab];
        var sourceText = line[(lastTab + 1)..];
        if (name.IsEmpty || property.IsEmpty)
        {
            throw reader.Error($"the {(name.IsEmpty ? "name" : "property")} field is empty.");
        }

        var isUserProperty = property.Contains(':');
        if (!isUserProperty && value.Contains('\t'))
        {
            throw reader.Error(TabSeparatedLine.WrongFieldCount(line, 4, Columns));
        }

        if (!ZfsPropertySource.TryParse(sourceText, out var parsedSource))
        {
            throw reader.Error($"the source field is '{sourceText}'; expected -, default, local, received, temporary or 'inherited from <dataset>'.");
        }

        var row = new ZfsPropertyRow(name.ToString(), property.ToString(), value.ToString(), parsedSource, reader.LineNumber);
        if (checkIntegers && row.IsNativeInteger && !ZfsInteger.TryParse(value, out _))
        {
            throw reader.Error($"the value of {row.Property} is '{row.Value}'; expected an integer or '-' (was -p given?).");
        }

        return row;
    }
}

using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// Streams <c>zfs list -H -p -o &lt;fields&gt;</c> output as <see cref="ZfsListRow"/>s, one per line, as the
/// lines arrive. Each line must have exactly the listed fields; integer fields must be digits or '-';
/// the name field must not be empty or '-'. Anything else is a ParseError naming the line.
/// </summary>
internal static class ZfsListParser
{
    public const string Source = "zfs list";

    /// <param name="output">The command's stdout.</param>
    /// <param name="fields">The same list that was passed to -o.</param>
    /// <param name="requireRows">True when the command must print at least one line (e.g. listing a named dataset).</param>
    public static IEnumerable<ZfsListRow> Parse(TextReader output, ZfsFieldList fields, bool requireRows = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(fields);
        return Iterate(output, fields, requireRows);
    }

    private static IEnumerable<ZfsListRow> Iterate(TextReader output, ZfsFieldList fields, bool requireRows)
    {
        var reader = new OutputLineReader(output, Source);
        while (reader.ReadLine())
        {
            yield return ParseRow(reader, fields);
        }

        if (requireRows && reader.LineNumber == 0)
        {
            throw reader.StreamError($"no output; expected at least one line of {fields.Argument}.");
        }
    }

    private static ZfsListRow ParseRow(OutputLineReader reader, ZfsFieldList fields)
    {
        var line = reader.Line;
        var rest = line;
        var texts = fields.TextCount == 0 ? [] : new string?[fields.TextCount];
        var integers = fields.IntegerCount == 0 ? [] : new ulong[fields.IntegerCount];
        ulong absent = 0;
        var last = fields.Count - 1;
        for (var i = 0; i <= last; i++)
        {
            ReadOnlySpan<char> field;
            if (i < last)
            {
                if (!TabSeparatedLine.TryTakeField(ref rest, out field))
                {
                    throw reader.Error(TabSeparatedLine.WrongFieldCount(line, fields.Count, fields.Argument));
                }
            }
            else
            {
                if (rest.Contains('\t'))
                {
                    throw reader.Error(TabSeparatedLine.WrongFieldCount(line, fields.Count, fields.Argument));
                }

                field = rest;
            }

            if (fields.KindAt(i) == ZfsPropertyKind.Integer)
            {
                if (!ZfsInteger.TryParse(field, out var value))
                {
                    throw reader.Error($"field {i + 1} ({fields.Names[i]}) is '{field}'; expected an integer or '-'.");
                }

                if (value.IsAbsent)
                {
                    absent |= 1UL << i;
                }
                else
                {
                    integers[fields.SlotAt(i)] = value.IsUnlimited ? ulong.MaxValue : value.Value!.Value;
                }
            }
            else if (field is "-")
            {
                if (fields.Names[i].Value == "name")
                {
                    throw reader.Error($"field {i + 1} (name) is '-'; expected a dataset or snapshot name.");
                }
            }
            else
            {
                if (field.IsEmpty && fields.Names[i].Value == "name")
                {
                    throw reader.Error($"field {i + 1} (name) is empty; expected a dataset or snapshot name.");
                }

                texts[fields.SlotAt(i)] = field.ToString();
            }
        }

        return new ZfsListRow(fields, reader.LineNumber, texts, integers, absent);
    }
}

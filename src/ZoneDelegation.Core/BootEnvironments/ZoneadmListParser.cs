using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Streams <c>zoneadm list -cp</c>: <c>zoneid:zonename:state:zonepath:uuid:brand:ip-type[:...]</c>. The field
/// count varies by release (SmartOS and newer illumos add fields), so at least 7 are required and the rest
/// ignored. zoneadm escapes only a ':' in the zonepath, as "\:" (zoneadm.c zone_print); every other character,
/// a backslash included, is printed as it is, so only "\:" is unescaped. (A zonepath ending in '\' is
/// therefore ambiguous in zoneadm's own output.) The global zone is skipped.
/// </summary>
internal static class ZoneadmListParser
{
    public const string Source = "zoneadm list";

    public static IEnumerable<ZoneInfo> Parse(TextReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Iterate(output);
    }

    private static IEnumerable<ZoneInfo> Iterate(TextReader output)
    {
        var reader = new OutputLineReader(output, Source);
        while (reader.ReadLine())
        {
            var fields = Split(reader.Line);
            if (fields.Count < 7)
            {
                throw reader.Error($"expected at least 7 ':'-separated fields (zoneid:zonename:state:zonepath:uuid:brand:ip-type) but found {fields.Count}.");
            }

            if (fields[1] == "global")
            {
                continue;
            }

            if (fields[1].Length == 0 || fields[2].Length == 0)
            {
                throw reader.Error("the zone name or state is empty.");
            }

            yield return new ZoneInfo(fields[1], fields[2], fields[3], fields[5], fields[4].Length == 0 ? null : fields[4]);
        }
    }

    private static List<string> Split(ReadOnlySpan<char> line)
    {
        var fields = new List<string>(8);
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == ':')
            {
                current.Append(line[++i]);
            }
            else if (c == ':')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}

using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// Parses <c>ppriv -l</c> (or <c>ppriv -l sys_fs_import</c>): one privilege name per line. A platform that
/// does not know a named privilege makes ppriv exit non-zero; that exit code is the caller's case.
/// Privilege names are case-insensitive in illumos (priv_getbyname), so the set is too.
/// </summary>
internal static class PrivilegeListParser
{
    public const string Source = "ppriv -l";

    /// <summary>Streams the names; an empty stream, an empty line or a name with other than letters, digits and '_' is a ParseError.</summary>
    public static IEnumerable<string> Parse(TextReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Iterate(output);
    }

    /// <summary>All names as a case-insensitive set (a platform has well under a hundred).</summary>
    public static IReadOnlySet<string> ReadSet(TextReader output) =>
        new HashSet<string>(Parse(output), StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Iterate(TextReader output)
    {
        var reader = new OutputLineReader(output, Source);
        while (reader.ReadLine())
        {
            yield return ParseName(reader);
        }

        if (reader.LineNumber == 0)
        {
            throw reader.StreamError("no output; expected one privilege name per line.");
        }
    }

    private static string ParseName(OutputLineReader reader)
    {
        var line = reader.Line;
        if (line.IsEmpty)
        {
            throw reader.Error("the line is empty; expected a privilege name such as sys_fs_import.");
        }

        foreach (var c in line)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw reader.Error($"'{line}' is not a privilege name (letters, digits and '_').");
            }
        }

        return line.ToString();
    }
}

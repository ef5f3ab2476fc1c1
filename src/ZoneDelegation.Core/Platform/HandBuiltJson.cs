using System.Text;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// sysinfo prints JSON from shell heredocs without escaping (smartos-live src/sysinfo output_json), so a
/// blank number gives <c>"CPU Physical Cores": ,</c> and a value may carry a raw TAB or a stray backslash.
/// This repairs exactly those three things, and nothing that would hide a cut-short document: an
/// unterminated string or a missing brace stays broken. Line breaks are kept so error lines stay right.
/// </summary>
internal static class HandBuiltJson
{
    public static string Repair(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    var next = i + 1 < text.Length ? text[i + 1] : '\0';
                    if (next is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't' or 'u')
                    {
                        builder.Append(c).Append(next);
                        i++;
                    }
                    else
                    {
                        builder.Append(@"\\");
                    }
                }
                else if (c == '"')
                {
                    inString = false;
                    builder.Append(c);
                }
                else if (c < ' ' && c != '\n')
                {
                    builder.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }

                continue;
            }

            builder.Append(c);
            if (c == '"')
            {
                inString = true;
            }
            else if (c == ':' && IsFollowedByEndOfValue(text, i + 1))
            {
                builder.Append(" null");
            }
        }

        return builder.ToString();
    }

    private static bool IsFollowedByEndOfValue(string text, int index)
    {
        while (index < text.Length && text[index] is ' ' or '\t' or '\n' or '\r')
        {
            index++;
        }

        return index < text.Length && text[index] is ',' or '}';
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// One element of a <c>vmadm lookup -j</c> array: its VM object, or the ParseError of that element and,
/// when its text names one, the zone it was about (so the error can say which zone could not be read).
/// </summary>
internal sealed partial record VmadmElement(JsonObject? Vm, ParseException? Error, string? ZoneUuid)
{
    /// <summary>
    /// The value of the element's own <c>"uuid"</c> key (at the top level of the object, not one inside
    /// tags or a nested object), from raw text that JSON could not parse; null when there is none.
    /// </summary>
    internal static string? FindUuid(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    var end = EndOfString(text, i);
                    if (end < 0)
                    {
                        return null;
                    }

                    if (depth == 1 && text.AsSpan(i + 1, end - i - 1).SequenceEqual("uuid")
                        && UuidValue().Match(text, end + 1) is { Success: true } value)
                    {
                        return value.Groups[1].Value.ToLowerInvariant();
                    }

                    i = end;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    break;
            }
        }

        return null;
    }

    /// <summary>The index of the quote that closes the string opened at <paramref name="start"/>; -1 when it is not closed.</summary>
    private static int EndOfString(string text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    // Right after the key: the colon and a UUID string (\G anchors the match where the key ended).
    [GeneratedRegex("\\G\\s*:\\s*\"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\"", RegexOptions.CultureInvariant)]
    private static partial Regex UuidValue();
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// One element of a <c>vmadm lookup -j</c> array: its VM object, or the ParseError of that element and,
/// when its text names one, the zone it was about (so the error can say which zone could not be read).
/// </summary>
public sealed partial record VmadmElement(JsonObject? Vm, ParseException? Error, string? ZoneUuid)
{
    /// <summary>The first <c>"uuid": "…"</c> in an element's raw text, for naming a zone whose JSON cannot be parsed.</summary>
    internal static string? FindUuid(string text)
    {
        var match = UuidMember().Match(text);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex("\"uuid\"\\s*:\\s*\"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UuidMember();
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// What a zone limit (<c>zfs_snapshot_limit</c>, <c>zfs_filesystem_limit</c>) may be: a whole number from
/// 0 up to the largest integer vmadm (JavaScript numbers) holds exactly.
/// </summary>
internal static class ZoneLimitValue
{
    /// <summary>2^53 - 1: above this a JavaScript number (vmadm) silently rounds.</summary>
    public const long MaxExact = 9_007_199_254_740_991;

    public static bool IsValid(long value) => value is >= 0 and <= MaxExact;

    /// <summary>
    /// Reads a payload value. Only a JSON number with no fractional part is a limit: vmadm wants
    /// numbers, a string is ambiguous ("" means unset to vmadm update) and null became 0 on platforms
    /// before OS-8178.
    /// </summary>
    public static bool TryRead(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue jsonValue || jsonValue.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        // The JSON text is the one representation every JsonValue (parsed or built from a CLR number) has.
        if (!decimal.TryParse(jsonValue.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || number != decimal.Truncate(number) || number < 0 || number > MaxExact)
        {
            return false;
        }

        value = (long)number;
        return true;
    }
}

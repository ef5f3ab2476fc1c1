using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Reads zone <c>limit_priv</c> lists the way illumos does: tokens separated by commas, applied left to
/// right to an empty set; <c>none</c> clears, <c>basic</c>/<c>zone</c>/<c>all</c> add a whole set
/// (priv_str_to_set), <c>default</c> adds the zone default set (zonecfg; it includes sys_fs_import, which
/// is why RFD 44 "Ability to <c>zfs recv</c>" adds <c>-sys_fs_import</c> to a zone's limit_priv); a name
/// adds a privilege, <c>+name</c> too, <c>-name</c> or <c>!name</c> removes it; names ignore case and may
/// carry a <c>priv_</c> prefix. Only sys_fs_import matters here.
/// </summary>
internal static class LimitPriv
{
    public const string SysFsImport = "sys_fs_import";

    /// <summary>vmadm's limit_priv for OS zones when a payload gives none.</summary>
    public const string OsDefault = "default";

    public const string RemoveSysFsImport = "-" + SysFsImport;

    /// <summary>CloudAPI's canonical "safe" list (sdc-cloudapi lib/machines.js).</summary>
    public const string Canonical = OsDefault + "," + RemoveSysFsImport;

    /// <summary>Analyzes a comma-separated list; null, blank or only commas is vmadm's default (<c>default</c>).</summary>
    public static LimitPrivAnalysis Analyze(string? limitPriv)
    {
        var tokens = (limitPriv ?? string.Empty).Split(',').Select(t => t.Trim()).Where(t => t.Length > 0).ToArray();

        // No token at all (absent, blank, only commas) leaves limitpriv unset: vmadm's default.
        return tokens.Length == 0
            ? AnalyzeTokens([OsDefault], isImplicitDefault: true)
            : AnalyzeTokens(tokens, isImplicitDefault: false);
    }

    /// <summary>Analyzes a list given as separate items (vmadm's "list" type accepts an array).</summary>
    public static LimitPrivAnalysis Analyze(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Analyze(string.Join(",", items));
    }

    /// <summary>
    /// Reads limit_priv from a vmadm payload or VM object: absent or null is the default; a string or
    /// an array of strings is analyzed; anything else returns false.
    /// </summary>
    public static bool TryAnalyze(JsonNode? node, out LimitPrivAnalysis analysis)
    {
        analysis = Analyze((string?)null);
        switch (node)
        {
            case null:
                return true;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                analysis = Analyze(value.GetValue<string>());
                return true;
            case JsonArray array when array.All(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String):
                analysis = Analyze(array.Select(item => item!.GetValue<string>()));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The list with <c>-sys_fs_import</c> appended, unless it already removes it last.</summary>
    public static string WithSysFsImportRemoved(LimitPrivAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.RemovesSysFsImportLast ? analysis.Text : analysis.Text + "," + RemoveSysFsImport;
    }

    private static LimitPrivAnalysis AnalyzeTokens(string[] tokens, bool isImplicitDefault)
    {
        var granted = false;
        var removesLast = false;
        var hasBase = false;
        string? explicitGrant = null;
        string? broadGrantSinceRemoval = null;

        foreach (var token in tokens)
        {
            switch (token.ToLowerInvariant())
            {
                case "none":
                    // Clears the set: what zone/all granted before is gone.
                    hasBase = true;
                    granted = false;
                    removesLast = false;
                    broadGrantSinceRemoval = null;
                    break;
                case "basic":
                    // The basic set never holds sys_fs_import: membership is unchanged.
                    hasBase = true;
                    break;
                case "default":
                    hasBase = true;
                    granted = true;
                    removesLast = false;
                    break;
                case "zone":
                case "all":
                    hasBase = true;
                    granted = true;
                    removesLast = false;
                    broadGrantSinceRemoval ??= token;
                    break;
                default:
                    var negated = token[0] is '-' or '!';
                    var name = negated || token[0] == '+' ? token[1..] : token;
                    if (name.StartsWith("priv_", StringComparison.OrdinalIgnoreCase))
                    {
                        name = name[5..];
                    }

                    if (!name.Equals(SysFsImport, StringComparison.OrdinalIgnoreCase))
                    {
                        break;
                    }

                    granted = !negated;
                    removesLast = negated;
                    if (negated)
                    {
                        broadGrantSinceRemoval = null;
                    }
                    else
                    {
                        explicitGrant ??= token;
                    }

                    break;
            }
        }

        return new LimitPrivAnalysis
        {
            Tokens = tokens,
            IsImplicitDefault = isImplicitDefault,
            IsSysFsImportRemoved = !granted,
            RemovesSysFsImportLast = removesLast,
            UnsafeGrant = explicitGrant ?? broadGrantSinceRemoval,
            HasBaseSet = hasBase,
        };
    }
}

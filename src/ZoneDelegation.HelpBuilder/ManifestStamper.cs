using System.Text.RegularExpressions;

namespace ZoneDelegation.HelpBuilder;

/// <summary>
/// Copies the module manifest with its ModuleVersion stamped from the build's version, and refuses
/// a manifest whose export lists use wildcards (they slow discovery and hide what is exported).
/// </summary>
public static partial class ManifestStamper
{
    [GeneratedRegex(@"ModuleVersion\s*=\s*'[^']*'")]
    private static partial Regex ModuleVersionEntry();

    [GeneratedRegex(@"(CmdletsToExport|FunctionsToExport|AliasesToExport|VariablesToExport)\s*=\s*(?<value>[^\r\n]*)")]
    private static partial Regex ExportEntry();

    public static string Stamp(string manifestText, string version)
    {
        if (!ModuleVersionEntry().IsMatch(manifestText))
        {
            throw new InvalidOperationException("The manifest has no ModuleVersion = '...' entry to stamp.");
        }

        foreach (Match export in ExportEntry().Matches(manifestText))
        {
            if (export.Groups["value"].Value.Contains('*'))
            {
                throw new InvalidOperationException($"{export.Groups[1].Value} uses a wildcard; list the exports explicitly.");
            }
        }

        return ModuleVersionEntry().Replace(manifestText, $"ModuleVersion = '{version}'", 1);
    }

    /// <summary>The names in the manifest's CmdletsToExport list.</summary>
    public static IReadOnlyList<string> ReadCmdletsToExport(string manifestText)
    {
        var start = manifestText.IndexOf("CmdletsToExport", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        var open = manifestText.IndexOf('(', start);
        var close = manifestText.IndexOf(')', open);
        return Regex.Matches(manifestText[open..close], "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
    }
}

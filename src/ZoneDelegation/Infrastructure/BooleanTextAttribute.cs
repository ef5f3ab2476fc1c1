using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// Lets a Boolean parameter take the text a CSV cell or a config file carries ("True", "false", "1",
/// "0", "yes", "no", any case, blanks around). PowerShell's binder refuses every string for bool
/// ("Boolean parameters accept only Boolean values and numbers"), so `-Enabled $row.Enabled` from
/// Import-Csv would fail. Other text passes unchanged, so the binder still refuses it with its own error.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BooleanTextAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not string text)
        {
            return inputData;
        }

        // Blank is "not given", as everywhere in the module (BlankMeansNotGiven).
        return string.IsNullOrWhiteSpace(text) ? null : Parse(text.Trim()) ?? inputData;
    }

    private static bool? Parse(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => null,
    };
}

using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// Lets a list parameter take the text a module output writes for a list (a CSV cell: "a, b", as ReadableList
/// writes it): one text value holding commas is split into its trimmed items; blank text is "not given", as
/// <see cref="BlankMeansNotGivenAttribute"/> makes it. Anything else passes unchanged, so PowerShell's own conversion
/// (to Guid[] and so on) and validation still apply.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ListTextAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            string text when string.IsNullOrWhiteSpace(text) => null,
            string text when text.Contains(',', StringComparison.Ordinal) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            _ => inputData,
        };
    }

    public override bool TransformNullOptionalParameters => false;
}

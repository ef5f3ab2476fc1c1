using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// Makes an empty or blank text value (a CSV cell, a splatted '') mean "not given" for an optional
/// parameter: it binds as null, so the cmdlet falls back to the policy or the default. Without it
/// PowerShell converts '' to 0 for numbers (a blank SnapshotLimit cell became a zero limit) and to
/// an empty string for text. Anything else passes unchanged, so PowerShell's own conversion and
/// validation still apply.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BlankMeansNotGivenAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is string text && string.IsNullOrWhiteSpace(text) ? null : inputData;
    }

    /// <summary>Whether PowerShell calls Transform for a null argument (it does not need to: null stays null).</summary>
    public override bool TransformNullOptionalParameters => false;
}

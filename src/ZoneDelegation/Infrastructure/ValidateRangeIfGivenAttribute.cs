using System.Globalization;
using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// ValidateRange for an optional parameter: a value that is not given (null, which a blank CSV cell
/// becomes through <see cref="BlankMeansNotGivenAttribute"/>) passes; PowerShell's own ValidateRange
/// refuses null even on an optional parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateRangeIfGivenAttribute(long minimum, long maximum) : ValidateArgumentsAttribute
{
    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is null)
        {
            return;
        }

        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        if (number < Minimum || number > Maximum)
        {
            throw new ValidationMetadataException(string.Create(CultureInfo.InvariantCulture,
                $"The argument {value} is outside the allowed range {Minimum} to {Maximum}. Supply a value in that range, or leave it empty for the default."));
        }
    }
}

using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// ValidateSet for an optional parameter: a value that is not given (null) passes, each given value
/// must be one of <see cref="ValidValues"/> (case-insensitive). Tab completion of the values comes
/// from <see cref="ValidValuesCompleter"/>, attached next to it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateSetIfGivenAttribute(params string[] validValues) : ValidateArgumentsAttribute
{
    public IReadOnlyList<string> ValidValues { get; } = validValues;

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        var values = value switch
        {
            null => [],
            string single => [single],
            System.Collections.IEnumerable many => many.Cast<object?>().Select(item => item is PSObject w ? w.BaseObject : item),
            _ => [value],
        };
        foreach (var item in values)
        {
            var text = item?.ToString();
            if (text is not null && !ValidValues.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                throw new ValidationMetadataException(
                    $"The argument \"{text}\" is not one of {string.Join(", ", ValidValues)}. Supply one of them, or leave it empty for the default.");
            }
        }
    }
}

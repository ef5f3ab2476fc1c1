using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Completion;

/// <summary>
/// Completes New-SafeZone -Brand with the brands "safe" delegation is for (<see cref="ZoneBrands.SafeDelegation"/>,
/// the list the translator checks), not every brand vmadm knows: New-SafeZone refuses the others with BrandCannotDelegate.
/// </summary>
public sealed class SafeBrandCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = CompletionText.Prefix(wordToComplete);
        return ZoneBrands.SafeDelegation.Order(StringComparer.Ordinal)
            .Where(brand => brand.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(brand => new CompletionResult(brand, brand, CompletionResultType.ParameterValue, brand))
            .ToList();
    }
}

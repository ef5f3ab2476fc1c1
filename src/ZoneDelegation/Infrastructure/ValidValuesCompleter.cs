using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;

namespace ZoneDelegation.Infrastructure;

/// <summary>Completes a parameter with the values of its <see cref="ValidateSetIfGivenAttribute"/>.</summary>
public sealed class ValidValuesCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var values = FindValues(commandName, parameterName);
        var prefix = wordToComplete.Trim('\'', '"');
        return values
            .Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value));
    }

    private static IReadOnlyList<string> FindValues(string commandName, string parameterName)
    {
        foreach (var type in typeof(ValidValuesCompleter).Assembly.GetTypes())
        {
            var cmdlet = type.GetCustomAttribute<CmdletAttribute>();
            if (cmdlet is null || !string.Equals($"{cmdlet.VerbName}-{cmdlet.NounName}", commandName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var property = type.GetProperty(parameterName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            return property?.GetCustomAttribute<ValidateSetIfGivenAttribute>()?.ValidValues ?? [];
        }

        return [];
    }
}

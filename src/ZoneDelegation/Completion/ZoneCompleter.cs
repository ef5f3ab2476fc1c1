using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Completion;

/// <summary>
/// Completes -Zone with the UUIDs of the zones on the targeted CN, matching the UUID or the alias
/// typed; the list shows the alias next to each UUID. Nothing when the CN cannot be told or read.
/// </summary>
public sealed class ZoneCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = CompletionText.TargetConnection(fakeBoundParameters);
        if (connection is null)
        {
            return [];
        }

        var prefix = CompletionText.Prefix(wordToComplete);
        try
        {
            return ZoneNameLister.List(connection)
                .Where(zone => zone.Uuid.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                               || (zone.Alias?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ?? false))
                .Select(zone => new CompletionResult(zone.Uuid,
                    zone.Alias is null ? zone.Uuid : $"{zone.Uuid} ({zone.Alias})",
                    CompletionResultType.ParameterValue,
                    zone.Alias ?? zone.Uuid))
                .ToList();
        }
        catch (Exception)
        {
            // Completion never throws into the prompt: a CN that cannot be read offers nothing.
            return [];
        }
    }
}

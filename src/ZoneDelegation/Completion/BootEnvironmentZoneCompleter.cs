using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.BootEnvironments;

namespace ZoneDelegation.Completion;

/// <summary>
/// Completes the zone BE cmdlets' -Zone with the zone names of the targeted CN (zoneadm on illumos), the
/// zone's state shown next to each. Nothing when the CN cannot be told or read, or has no zone BEs (SmartOS).
/// </summary>
public sealed class BootEnvironmentZoneCompleter : IArgumentCompleter
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
            return ZoneProviders.For(connection).ListZones(connection)
                .Where(zone => zone.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(zone => new CompletionResult(CompletionText.Quote(zone.Name), $"{zone.Name} ({zone.State})",
                    CompletionResultType.ParameterValue, $"{zone.Name}: {zone.Brand}, {zone.State}, {zone.ZonePath}"))
                .ToList();
        }
        catch (Exception)
        {
            // Completion never throws into the prompt.
            return [];
        }
    }
}

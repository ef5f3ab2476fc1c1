using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.BootEnvironments;

namespace ZoneDelegation.Completion;

/// <summary>Completes -Name with the BE names of the zone already given on the command line (one read of that zone).</summary>
public sealed class BootEnvironmentNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = CompletionText.TargetConnection(fakeBoundParameters);
        var zone = fakeBoundParameters["Zone"] switch
        {
            string one => one,
            object[] { Length: > 0 } many => many[0]?.ToString(),
            _ => null,
        };
        if (connection is null || zone is null)
        {
            return [];
        }

        var prefix = CompletionText.Prefix(wordToComplete);
        try
        {
            var state = ZoneBootEnvironmentStateReader.Read(connection, zone);
            return ZoneBootEnvironmentLister.BootEnvironments(state, null)
                .Where(be => be.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(be => new CompletionResult(CompletionText.Quote(be.Name), be.Name, CompletionResultType.ParameterValue,
                    $"{be.Name}: global BE {be.ParentGlobalBe ?? "(none)"}{(be.ActiveOnBoot ? ", boots" : "")}"))
                .ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }
}

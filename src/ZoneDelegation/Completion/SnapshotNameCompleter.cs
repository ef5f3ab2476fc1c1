using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.Snapshots;

namespace ZoneDelegation.Completion;

/// <summary>Completes a snapshot -Name with the names (after '@') of the snapshots of the -Zone given on the line.</summary>
public sealed class SnapshotNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = CompletionText.TargetConnection(fakeBoundParameters);
        var zone = fakeBoundParameters["Zone"] switch
        {
            string single => single,
            object[] { Length: > 0 } many => many[0]?.ToString(),
            PSObject wrapped => wrapped.BaseObject.ToString(),
            _ => null,
        };
        if (connection is null || zone is null)
        {
            return [];
        }

        var prefix = CompletionText.Prefix(wordToComplete);
        try
        {
            return ZoneSnapshotReader.List(connection, zone, [], namePattern: null)
                .Select(snapshot => snapshot.Name)
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Select(name => new CompletionResult(CompletionText.Quote(name), name, CompletionResultType.ParameterValue, name))
                .ToList();
        }
        catch (Exception)
        {
            // Completion never throws into the prompt.
            return [];
        }
    }
}

using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Completion;

/// <summary>
/// A completer that asks the CN the command line targets (its -ComputeNode, else the one open
/// connection) and, when <see cref="NeedsZone"/>, the -Zone on the line. It offers nothing when either
/// cannot be told, and never throws into the prompt: a CN that cannot be read offers nothing.
/// </summary>
public abstract class ConnectionCompleter : IArgumentCompleter
{
    /// <summary>Whether completion needs the -Zone already on the line (snapshot and BE names do).</summary>
    protected virtual bool NeedsZone => false;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = CompletionText.TargetConnection(fakeBoundParameters);
        var zone = fakeBoundParameters["Zone"] switch
        {
            string one => one,
            object[] { Length: > 0 } many => many[0]?.ToString(),
            PSObject wrapped => wrapped.BaseObject.ToString(),
            _ => null,
        };
        if (connection is null || (NeedsZone && zone is null))
        {
            return [];
        }

        try
        {
            return Complete(connection, zone, CompletionText.Prefix(wordToComplete)).ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }

    /// <summary>The completions for <paramref name="prefix"/> on <paramref name="connection"/> (and <paramref name="zone"/> when given).</summary>
    protected abstract IEnumerable<CompletionResult> Complete(ComputeNodeConnection connection, string? zone, string prefix);
}

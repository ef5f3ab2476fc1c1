using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Completion;

/// <summary>Completes -ComputeNode with the names of the open connections.</summary>
public sealed class ComputeNodeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = CompletionText.Prefix(wordToComplete);
        return ConnectionRegistry.Default.All
            .Where(connection => connection.ComputeNode.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(connection => connection.ComputeNode, StringComparer.OrdinalIgnoreCase)
            .Select(connection => new CompletionResult(CompletionText.Quote(connection.ComputeNode), connection.ComputeNode,
                CompletionResultType.ParameterValue, connection.ComputeNode));
    }
}

using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ZoneDelegation.Completion;

/// <summary>
/// For a free value nothing on the machine can suggest (a new zone's alias, an owner UUID): offers nothing.
/// Without a completer PowerShell offers the file names of the current folder, which are never such a value;
/// an empty list from an <see cref="IArgumentCompleter"/> keeps it from doing so.
/// </summary>
public sealed class NoCompletion : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => [];
}

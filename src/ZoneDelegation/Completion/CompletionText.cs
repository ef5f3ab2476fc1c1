using System.Collections;
using System.Management.Automation;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Completion;

/// <summary>What the module's completers share: the word typed, quoting, and the CN a command line names.</summary>
internal static class CompletionText
{
    /// <summary>The word without the quote the user may have opened.</summary>
    public static string Prefix(string wordToComplete) => wordToComplete.Trim('\'', '"');

    /// <summary>Single-quoted when PowerShell would otherwise split or interpret it.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@' or '/')
            ? value
            : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// The connection the command line targets: its -ComputeNode (a name or a connection object), else
    /// the one open connection; null when that cannot be told (completion then offers nothing).
    /// </summary>
    public static ComputeNodeConnection? TargetConnection(IDictionary fakeBoundParameters)
    {
        var given = fakeBoundParameters["ComputeNode"];
        given = given is PSObject wrapped ? wrapped.BaseObject : given;
        if (given is object[] { Length: > 0 } many)
        {
            given = many[0] is PSObject first ? first.BaseObject : many[0];
        }

        var registry = ConnectionRegistry.Default;
        return given switch
        {
            ComputeNodeConnection connection => connection,
            ComputeNodeTarget target => registry.TryGet(target.Name, out var named) ? named : null,
            string name => registry.TryGet(name, out var named) ? named : null,
            null => registry.All.Count == 1 ? registry.All[0] : null,
            _ => null,
        };
    }
}

using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Completion;

/// <summary>What the module's completers share: the word typed, quoting, and the CN a command line names.</summary>
internal static class CompletionText
{
    /// <summary>The word without the quote the user may have opened.</summary>
    public static string Prefix(string wordToComplete) => wordToComplete.Trim('\'', '"');

    /// <summary>
    /// A value as the operator's command line will read it: bare only when it starts with an ASCII letter or digit and
    /// holds nothing but those and - _ . : / (a leading '-' would bind as a parameter, a leading '@' splat); otherwise
    /// single-quoted with PowerShell's own escaping, which also doubles the typographic quotes (U+2018 to U+201B)
    /// PowerShell reads as single quotes. The values come from the CN (aliases, snapshot and BE names a tenant chose).
    /// </summary>
    public static string Quote(string value) =>
        value.Length > 0 && char.IsAsciiLetterOrDigit(value[0])
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/')
            ? value
            : "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";

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

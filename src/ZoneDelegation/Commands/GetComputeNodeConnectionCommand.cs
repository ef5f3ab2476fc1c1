using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Lists the open connections of this session, optionally filtered by name (wildcards).</summary>
[Cmdlet(VerbsCommon.Get, "ComputeNodeConnection")]
[OutputType(typeof(ComputeNodeConnection))]
public sealed class GetComputeNodeConnectionCommand : ZoneDelegationCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public string[]? ComputeNode { get; set; }

    protected override void OnProcessRecord()
    {
        // Taken before anything is written: a Disconnect-ComputeNode downstream removes connections as they stream.
        var connections = Connections.All;
        var patterns = ComputeNode?.Select(name => new WildcardPattern(name, WildcardOptions.IgnoreCase)).ToList();

        // As every Get-* of the module: an exact name that names nothing is an error; a wildcard may match nothing.
        var missing = (ComputeNode ?? []).Where(name => !WildcardPattern.ContainsWildcardCharacters(name)
            && !connections.Any(connection => string.Equals(connection.ComputeNode, name, StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var connection in connections)
        {
            if (patterns is null || patterns.Any(pattern => pattern.IsMatch(connection.ComputeNode)))
            {
                WriteObject(connection);
            }
        }

        foreach (var name in missing)
        {
            try
            {
                Connections.Resolve(name);
            }
            catch (ZoneDelegationException error)
            {
                WriteZoneError(error);
            }
        }
    }
}

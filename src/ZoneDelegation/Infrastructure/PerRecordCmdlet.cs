using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// The other way a cmdlet takes -ComputeNode, beside <see cref="FleetCmdlet{TZone}"/>: for cmdlets that change
/// one thing per pipeline record (a zone, a snapshot, a BE), each on the one CN its record names, with a
/// ShouldProcess question each. Nothing is gathered and nothing fans out: a record is done before the next.
/// </summary>
public abstract class PerRecordCmdlet : ZoneDelegationCmdlet
{
    /// <summary>By property name from any output of the module (Get-SafeZone, Get-ZoneSnapshot, a CSV row).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget? ComputeNode { get; set; }

    /// <summary>The connection this record names, else the one open connection.</summary>
    protected ComputeNodeConnection ResolveComputeNode()
    {
        EnterScopes();
        return ComputeNode is null ? Connections.Resolve(null) : ComputeNode.Resolve(Connections);
    }
}

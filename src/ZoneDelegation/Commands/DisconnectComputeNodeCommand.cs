using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Closes connections: stops the CN's ssh master and forgets it.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "ComputeNode", DefaultParameterSetName = ByComputeNodeSet,
    SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class DisconnectComputeNodeCommand : ZoneDelegationCmdlet
{
    private const string ByComputeNodeSet = "ByComputeNode";
    private const string AllSet = "All";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByComputeNodeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget[] ComputeNode { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void OnProcessRecord()
    {
        var targets = All ? Connections.All.Select(c => c.ComputeNode) : ComputeNode.Select(t => t.Name);
        foreach (var name in targets.ToList())
        {
            if (!Connections.TryGet(name, out _))
            {
                WriteZoneError(new ZoneDelegationException(ErrorIds.ComputeNodeNotConnected,
                    ZoneErrorCategory.ObjectNotFound, $"No open connection to compute node '{name}'.", name,
                    "Get-ComputeNodeConnection lists the open connections."));
                continue;
            }

            if (ShouldProcess(name, "Close the connection"))
            {
                if (Connections.Remove(name, out var connection))
                {
                    connection!.Dispose();
                }
            }
        }
    }
}

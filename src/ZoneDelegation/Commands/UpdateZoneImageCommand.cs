using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Reprovisions a zone with a new image (vmadm reprovision): the zone root and all its snapshots are
/// replaced, the delegated dataset is kept; its guid, snapshots, the limits and limit_priv are read back.
/// </summary>
[Cmdlet(VerbsData.Update, "ZoneImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ZoneReprovision))]
public sealed class UpdateZoneImageCommand : ZoneDelegationCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1)]
    public Guid ImageUuid { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget? ComputeNode { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var zone in Zone)
        {
            try
            {
                var connection = ResolveComputeNode(ComputeNode);
                var plan = ZoneReprovisioner.Plan(connection, zone, ImageUuid);
                if (ShouldProcess(plan.Plan.Target, plan.Plan.Describe()))
                {
                    WriteObject(ZoneReprovisioner.Apply(connection, plan));
                }
            }
            catch (Exception error) when (error is not PipelineStoppedException)
            {
                WriteZoneError(error);
            }
        }
    }
}

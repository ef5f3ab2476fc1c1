using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Reprovision;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Reprovisions a zone with a new image (vmadm reprovision): the zone root and all its snapshots are
/// replaced, the delegated dataset is kept; its guid, snapshots, the limits and limit_priv are read back.
/// </summary>
[Cmdlet(VerbsData.Update, "ZoneImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ZoneReprovision))]
public sealed class UpdateZoneImageCommand : ZoneChangeCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1)]
    public Guid ImageUuid { get; set; }

    protected override void OnProcessRecord()
    {
        foreach (var zone in Zone)
        {
            PlanAndApply(connection => ZoneReprovisionPlanner.Plan(connection, ZoneNameResolver.ResolveOne(connection, zone), ImageUuid), ZoneReprovisionApplier.Apply);
        }
    }
}

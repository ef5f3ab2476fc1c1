using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Removes a zone BE, "destroying and promoting as necessary": its dependent clones are promoted first so
/// they live on, then it is destroyed depth first, then the snapshot it came from if nothing uses it.
/// Never zfs destroy -R. Refuses the BE the zone boots, a BE an older global BE boots (unless -Force),
/// clones outside the zone, snapshot name collisions and held snapshots, changing nothing.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ZoneBootEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveZoneBootEnvironmentCommand : ZoneBootEnvironmentCmdlet
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Also remove a BE that another existing (not booted) global BE would boot the zone from.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override BootEnvironmentPlan Plan(ZoneBootEnvironmentState state) => BootEnvironmentRemovalPlanner.Plan(state, Name, Force);

    protected override IEnumerable<object> Report(ZoneBootEnvironmentState state, BootEnvironmentPlan plan, bool changed) => [];
}

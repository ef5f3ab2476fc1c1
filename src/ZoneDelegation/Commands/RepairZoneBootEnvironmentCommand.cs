using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Makes a zone that cannot boot (no BE, or several, active for the booted global BE) bootable: the named
/// BE, or the only candidate when the choice is obvious. Refuses a zone in use unless -Force.
/// </summary>
[Cmdlet(VerbsDiagnostic.Repair, "ZoneBootEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class RepairZoneBootEnvironmentCommand : ZoneBootEnvironmentCmdlet
{
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string? Name { get; set; }

    /// <summary>Repair a zone that is running or ready: the properties change now, the zone reads them at its next boot.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override BootEnvironmentPlan Plan(ZoneBootEnvironmentState state) => BootEnvironmentRepairPlanner.Plan(state, Name, Force);

    protected override IEnumerable<object> Report(ZoneBootEnvironmentState state, BootEnvironmentPlan plan, bool changed) =>
        Describe(state, plan.BootEnvironment, changed ? NextBootNote : null);
}

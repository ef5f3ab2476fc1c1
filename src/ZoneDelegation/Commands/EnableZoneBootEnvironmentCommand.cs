using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Makes a BE of the booted global BE the zone's one active boot environment, promoting it up its clone
/// chain as libbe's be_activate does. It takes effect at the zone's next boot.
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "ZoneBootEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class EnableZoneBootEnvironmentCommand : ZoneBootEnvironmentCmdlet
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string Name { get; set; } = string.Empty;

    protected override BootEnvironmentPlan Plan(ZoneBootEnvironmentState state) => BootEnvironmentActivationPlanner.Plan(state, Name);

    protected override IEnumerable<object> Report(ZoneBootEnvironmentState state, BootEnvironmentPlan plan, bool changed) =>
        Describe(state, plan.BootEnvironment, NextBootNote);
}

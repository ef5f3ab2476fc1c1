using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Creates a zone BE for the booted global BE as a clone of another one (default: the active one).</summary>
[Cmdlet(VerbsCommon.New, "ZoneBootEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class NewZoneBootEnvironmentCommand : ZoneBootEnvironmentCmdlet
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The BE to copy; default: the zone's active BE of the booted global BE.</summary>
    [Parameter]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string? Source { get; set; }

    /// <summary>Also make it the zone's boot environment (at the zone's next boot).</summary>
    [Parameter]
    public SwitchParameter Activate { get; set; }

    protected override BootEnvironmentPlan Plan(ZoneBootEnvironmentState state) =>
        BootEnvironmentCreationPlanner.Plan(state, Name, Source, Activate);

    protected override IEnumerable<object> Report(ZoneBootEnvironmentState state, BootEnvironmentPlan plan, bool changed) =>
        Describe(state, plan.BootEnvironment, Activate ? NextBootNote : null);
}

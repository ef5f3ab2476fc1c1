using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Restores what Protect-ZoneBootEnvironment saved (canmount, zoned, mountpoint, each with its source).</summary>
[Cmdlet(VerbsSecurity.Unprotect, "ZoneBootEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class UnprotectZoneBootEnvironmentCommand : ZoneBootEnvironmentCmdlet
{
    /// <summary>One BE; default: every protected BE of the zone.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string? Name { get; set; }

    protected override BootEnvironmentPlan Plan(ZoneBootEnvironmentState state) => BootEnvironmentProtectionPlanner.Unprotect(state, Name);

    protected override IEnumerable<object> Report(ZoneBootEnvironmentState state, BootEnvironmentPlan plan, bool changed) =>
        ZoneBootEnvironmentLister.BootEnvironments(state, Name);
}

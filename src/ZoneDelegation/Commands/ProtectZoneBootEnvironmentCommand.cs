using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Takes the BEs that do not belong to the booted global BE out of the zone's reach (canmount=off,
/// zoned=off, mountpoint=legacy), saving the previous values so Unprotect-ZoneBootEnvironment restores them.
/// </summary>
[Cmdlet(VerbsSecurity.Protect, "ZoneBootEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class ProtectZoneBootEnvironmentCommand : ZoneBootEnvironmentCmdlet
{
    /// <summary>One BE; default: every BE that does not belong to the booted global BE.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string? Name { get; set; }

    protected override BootEnvironmentPlan Plan(ZoneBootEnvironmentState state) => BootEnvironmentProtectionPlanner.Protect(state, Name);

    protected override IEnumerable<object> Report(ZoneBootEnvironmentState state, BootEnvironmentPlan plan, bool changed) =>
        ZoneBootEnvironmentLister.BootEnvironments(state, Name).Where(be => be.Protected);
}

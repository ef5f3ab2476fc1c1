using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Applies the zone boot rule: a zone boots only if exactly one of its BEs belongs to the booted global BE
/// and is active. Per zone: Bootable, or the reason. -Quiet: one bool, true only if every zone tested is bootable.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ZoneBootEnvironment")]
[OutputType(typeof(ZoneBootStatus), typeof(bool))]
public sealed class TestZoneBootEnvironmentCommand : FleetTestCmdlet<string, ZoneBootStatus>
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ZoneName")]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentZoneCompleter))]
    public string[]? Zone { get; set; }

    protected override void OnProcessRecord() => Request(Zone, name => name);

    protected override void RunTests() =>
        ForEachRequest((connection, zones, _) => ZoneBootEnvironmentLister.States(connection, zones ?? []).Select(ZoneBootEnvironmentLister.Test));

    protected override bool Passed(ZoneBootStatus result) => result.Bootable;
}

using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Lists zone boot environments (illumos <c>&lt;zonepath dataset&gt;/ROOT/&lt;zbe&gt;</c>, Solaris 11 <c>.../rpool/ROOT/&lt;zbe&gt;</c>) with the global BE each
/// belongs to and whether the zone boots it. Zones come from the pipeline or every zone of each CN.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZoneBootEnvironment")]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class GetZoneBootEnvironmentCommand : FleetCmdlet<string>
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ZoneName")]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentZoneCompleter))]
    public string[]? Zone { get; set; }

    /// <summary>BE name, with wildcards.</summary>
    [Parameter]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string? Name { get; set; }

    protected override void OnProcessRecord() => Request(Zone, name => name);

    protected override void OnEndProcessing() =>
        ForEachRequest((connection, zones, _) =>
            ZoneBootEnvironmentLister.States(connection, zones ?? []).SelectMany(state => ZoneBootEnvironmentLister.BootEnvironments(state, Name)));
}

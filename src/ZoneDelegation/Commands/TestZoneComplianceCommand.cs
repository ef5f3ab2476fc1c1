using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Audits zones against the delegation policy: one record per zone with Compliant, Remediable and the
/// findings (Get-SafeZone's assessor, with the CN's platform and the zone roots' counts as evidence).
/// Each CN is read in a fixed number of commands; CNs run in parallel up to -ThrottleLimit.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ZoneCompliance")]
[OutputType(typeof(ZoneCompliance), typeof(bool))]
public sealed class TestZoneComplianceCommand : FleetTestCmdlet<ZoneSelector, ZoneCompliance>
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public override ComputeNodeTarget[]? ComputeNode { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[]? Zone { get; set; }

    protected override void OnProcessRecord() => Request(Zone, ZoneNames.Parse);

    protected override void RunTests()
    {
        var policy = LoadPolicyOrStop();
        ForEachRequest((connection, zones, _) =>
            ZoneNames.Resolve(connection, zones, oneZoneEach: false, uuids => ZoneComplianceAuditor.Audit(connection, policy, uuids)));
    }

    protected override bool Passed(ZoneCompliance result) => result.Compliant;
}

using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Audits zones against the delegation policy: one record per zone with Compliant, Remediable and the
/// findings (Get-SafeZone's assessor, with the CN's platform and the zone roots' counts as evidence).
/// Each CN is read in a fixed number of commands; CNs run in parallel up to -ThrottleLimit.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ZoneCompliance")]
[OutputType(typeof(ZoneCompliance), typeof(bool))]
public sealed class TestZoneComplianceCommand : ZoneBatchCmdlet
{
    private bool allCompliant = true;

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget[]? ComputeNode { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[]? Zone { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    [Parameter]
    [ValidateRangeIfGiven(1, 1000)]
    [BlankMeansNotGiven]
    public int? ThrottleLimit { get; set; }

    protected override void OnProcessRecord()
    {
        if (ComputeNode is not { Length: > 0 })
        {
            AddToBatch(null, Zone);
            return;
        }

        foreach (var target in ComputeNode)
        {
            AddToBatch(target, Zone);
        }
    }

    protected override void OnEndProcessing()
    {
        var policy = LoadPolicyOrStop();

        ForEachBatch(ThrottleLimit ?? DefaultThrottleLimit, (connection, zones, _) => ZoneComplianceAuditor.Audit(connection, policy, zones));
        if (Quiet)
        {
            WriteObject(allCompliant);
        }
    }

    protected override void WriteZoneOutput(object? output)
    {
        if (Quiet && output is ZoneCompliance compliance)
        {
            allCompliant &= compliance.Compliant;
        }
        else
        {
            base.WriteZoneOutput(output);
        }
    }

    protected override void WriteFailure(Exception error)
    {
        base.WriteFailure(error);

        // Like Test-PlatformSupport -Quiet: what could not be audited is not compliant.
        allCompliant = false;
    }
}

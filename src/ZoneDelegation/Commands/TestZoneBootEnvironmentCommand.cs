using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Applies the zone boot rule: a zone boots only if exactly one of its BEs belongs to the booted global BE
/// and is active. Per zone: Bootable, or the reason. -Quiet: one bool, true only if every zone tested is bootable.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ZoneBootEnvironment")]
[OutputType(typeof(ZoneBootStatus), typeof(bool))]
public sealed class TestZoneBootEnvironmentCommand : ZoneDelegationCmdlet
{
    private readonly ZoneRequests requests = new();
    private bool allBootable = true;

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ZoneName")]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentZoneCompleter))]
    public string[]? Zone { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget[]? ComputeNode { get; set; }

    /// <summary>Only true or false, for Pester: true when every zone tested can boot.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    [Parameter]
    [ValidateRangeIfGiven(1, 1000)]
    [BlankMeansNotGiven]
    public int? ThrottleLimit { get; set; }

    protected override void OnProcessRecord() => requests.Add(ComputeNode, Zone);

    protected override void OnEndProcessing()
    {
        foreach (var (targets, zones) in requests.Groups)
        {
            ForEachComputeNode(targets, ThrottleLimit ?? DefaultThrottleLimit, (connection, _) =>
                ZoneBootEnvironmentLister.States(connection, zones).Select(ZoneBootEnvironmentLister.Test));
        }

        if (Quiet)
        {
            WriteObject(allBootable);
        }
    }

    protected override void WriteOutput(object? output)
    {
        if (output is ZoneBootStatus status)
        {
            allBootable &= status.Bootable;
            if (Quiet)
            {
                return;
            }
        }

        base.WriteOutput(output);
    }

    protected override void WriteFailure(Exception error)
    {
        // A zone (or CN) that could not be tested is not known to boot.
        allBootable = false;
        base.WriteFailure(error);
    }
}

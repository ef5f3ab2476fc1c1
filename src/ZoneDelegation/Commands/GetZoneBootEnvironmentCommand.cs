using System.Management.Automation;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Lists zone boot environments (illumos: <c>&lt;zonepath dataset&gt;/ROOT/&lt;zbe&gt;</c>) with the global BE each
/// belongs to and whether the zone boots it. Zones come from the pipeline or every zone of each CN.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZoneBootEnvironment")]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class GetZoneBootEnvironmentCommand : ZoneDelegationCmdlet
{
    private readonly ZoneRequests requests = new();

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ZoneName")]
    [ValidateNotNullOrEmpty]
    public string[]? Zone { get; set; }

    /// <summary>BE name, with wildcards.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ComputeNodeTarget[]? ComputeNode { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    protected override void ProcessRecord() => requests.Add(ComputeNode, Zone);

    protected override void EndProcessing()
    {
        foreach (var (targets, zones) in requests.Groups)
        {
            ForEachComputeNode(targets, ThrottleLimit, (connection, _) =>
                ZoneBootEnvironmentLister.States(connection, zones).SelectMany(state => ZoneBootEnvironmentLister.BootEnvironments(state, Name)));
        }
    }
}

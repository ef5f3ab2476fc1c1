using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Lists zone boot environments (illumos <c>&lt;zonepath dataset&gt;/ROOT/&lt;zbe&gt;</c>, Solaris 11 <c>.../rpool/ROOT/&lt;zbe&gt;</c>) with the global BE each
/// belongs to and whether the zone boots it. Zones come from the pipeline or every zone of each CN.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZoneBootEnvironment")]
[OutputType(typeof(ZoneBootEnvironment))]
public sealed class GetZoneBootEnvironmentCommand : ZoneDelegationCmdlet
{
    private readonly ZoneRequests requests = new();

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ZoneName")]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentZoneCompleter))]
    public string[]? Zone { get; set; }

    /// <summary>BE name, with wildcards.</summary>
    [Parameter]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(BootEnvironmentNameCompleter))]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget[]? ComputeNode { get; set; }

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
                ZoneBootEnvironmentLister.States(connection, zones).SelectMany(state => ZoneBootEnvironmentLister.BootEnvironments(state, Name)));
        }
    }
}

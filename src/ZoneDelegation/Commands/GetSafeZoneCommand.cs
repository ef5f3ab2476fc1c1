using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Lists zones with their delegation state, limits and limit_priv, judged against the policy.</summary>
[Cmdlet(VerbsCommon.Get, "SafeZone")]
[OutputType(typeof(SafeZone))]
public sealed class GetSafeZoneCommand : FleetCmdlet<ZoneSelector>
{
    /// <summary>UUIDs, aliases or wildcards over both; -Uuid and a Uuid property bind here too.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[]? Zone { get; set; }

    [Parameter]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(AliasCompleter))]
    public string? Alias { get; set; }

    [Parameter]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(NoCompletion))]
    public Guid? OwnerUuid { get; set; }

    [Parameter]
    public SwitchParameter DelegatedOnly { get; set; }

    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public override ComputeNodeTarget[]? ComputeNode { get; set; }

    protected override void OnProcessRecord() => Request(Zone, ZoneNames.Parse);

    protected override void OnEndProcessing()
    {
        SafeZoneFilter filter;
        try
        {
            var alias = Alias is null ? null : new WildcardPattern(Alias, WildcardOptions.IgnoreCase);
            filter = new SafeZoneFilter
            {
                AliasMatches = alias is null ? null : alias.IsMatch,
                OwnerUuid = OwnerUuid,
                DelegatedOnly = DelegatedOnly,
            };
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
            return;
        }

        var policy = LoadPolicyOrStop();
        ForEachRequest((connection, zones, token) => SafeZoneReader.List(connection, filter with { Zones = zones?.ToList() }, policy, token));
    }
}

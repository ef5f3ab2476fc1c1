using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Reads zones' snapshot and filesystem limits, their counts, and quota, from the zone roots. The zones
/// of each CN are read together in one zfs get (CNs in parallel up to -ThrottleLimit).
/// </summary>
[Cmdlet(VerbsCommon.Get, "DatasetLimit")]
[OutputType(typeof(DatasetLimit))]
public sealed class GetDatasetLimitCommand : FleetCmdlet<ZoneSelector>
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    protected override void OnProcessRecord() => Request(Zone, ZoneNames.Parse);

    protected override void OnEndProcessing() =>
        ForEachRequest((connection, zones, _) =>
            ZoneNames.Resolve(connection, zones, oneZoneEach: false, uuids => DatasetLimitReader.ReadMany(connection, uuids!)));
}

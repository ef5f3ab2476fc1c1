using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Lists a zone's snapshots, each marked Root (what a machine snapshot covers) or Delegated (the
/// zone's own data, never covered by a machine snapshot). Streams: objects are written as zfs prints them.
/// Zones are gathered per compute node; compute nodes are read in parallel up to -ThrottleLimit.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZoneSnapshot")]
[OutputType(typeof(ZoneSnapshot))]
public sealed class GetZoneSnapshotCommand : FleetCmdlet<ZoneSelector>
{
    private Func<string, bool>? nameMatches;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    [Parameter]
    [ValidateSetIfGiven("All", "Root", "Delegated", "Other")]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    [BlankMeansNotGiven]
    public string? Scope { get; set; }

    /// <summary>Snapshot name (the part after @), with wildcards.</summary>
    [Parameter]
    [SupportsWildcards]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(SnapshotNameCompleter))]
    public string? Name { get; set; }

    protected override void OnBeginProcessing()
    {
        try
        {
            nameMatches = Name is null ? null : SnapshotNameFilter.Parse(Name);
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
        }
    }

    protected override void OnProcessRecord() => Request(Zone, ZoneNames.Parse);

    protected override void OnEndProcessing()
    {
        var scopes = Scope is null or "All" ? [] : new[] { Enum.Parse<SnapshotScope>(Scope) };
        // The token stops a listing whose zfs is silent (Ctrl+C, Select-Object -First), not only between rows.
        ForEachRequest((connection, zones, token) =>
            ZoneNames.Resolve(connection, zones, oneZoneEach: false,
                uuids => EachZone(uuids!, zone => ZoneSnapshotReader.List(connection, zone, scopes, nameMatches, token))));
    }
}

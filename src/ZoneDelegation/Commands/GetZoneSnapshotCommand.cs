using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Lists a zone's snapshots, each marked Root (what a machine snapshot covers) or Delegated (the
/// zone's own data, never covered by a machine snapshot). Streams: objects are written as zfs prints them.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZoneSnapshot")]
[OutputType(typeof(ZoneSnapshot))]
public sealed class GetZoneSnapshotCommand : ZoneDelegationCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
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

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget? ComputeNode { get; set; }

    protected override void ProcessRecord()
    {
        var scopes = Scope is null or "All" ? [] : new[] { Enum.Parse<SnapshotScope>(Scope) };
        foreach (var zone in Zone)
        {
            try
            {
                var connection = ResolveComputeNode(ComputeNode);
                foreach (var snapshot in ZoneSnapshotReader.List(connection, zone, scopes, Name))
                {
                    WriteObject(snapshot);
                }
            }
            catch (Exception error) when (error is not PipelineStoppedException)
            {
                WriteZoneError(error);
            }
        }
    }
}

using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Snapshots;

namespace ZoneDelegation.Completion;

/// <summary>Completes a snapshot -Name with the names (after '@') of the snapshots of the -Zone given on the line.</summary>
public sealed class SnapshotNameCompleter : ConnectionCompleter
{
    protected override bool NeedsZone => true;

    protected override StringComparison Matching => StringComparison.Ordinal;

    protected override IEnumerable<Candidate> Fetch(ComputeNodeConnection connection, string? zone) =>
        ZoneSnapshotReader.List(connection, zone!, [], namePattern: null)
            .Select(snapshot => snapshot.Name)
            .Distinct(StringComparer.Ordinal)
            .Select(name => new Candidate(new CompletionResult(CompletionText.Quote(name), name, CompletionResultType.ParameterValue, name), name));
}

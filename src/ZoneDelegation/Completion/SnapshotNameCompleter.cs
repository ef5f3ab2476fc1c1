using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Snapshots;

namespace ZoneDelegation.Completion;

/// <summary>Completes a snapshot -Name with the names (after '@') of the snapshots of the -Zone given on the line.</summary>
public sealed class SnapshotNameCompleter : ConnectionCompleter
{
    protected override bool NeedsZone => true;

    protected override IEnumerable<CompletionResult> Complete(ComputeNodeConnection connection, string? zone, string prefix) =>
        ZoneSnapshotReader.List(connection, zone!, [], namePattern: null)
            .Select(snapshot => snapshot.Name)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(name => new CompletionResult(CompletionText.Quote(name), name, CompletionResultType.ParameterValue, name));
}

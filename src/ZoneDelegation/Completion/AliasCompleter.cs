using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Completion;

/// <summary>
/// Completes a filter by alias (Get-SafeZone -Alias) with the aliases of the zones on the targeted CN,
/// each once; the list shows how many zones carry it. Never file names.
/// </summary>
public sealed class AliasCompleter : ConnectionCompleter
{
    protected override IEnumerable<Candidate> Fetch(ComputeNodeConnection connection, string? zone) =>
        ZoneNameLister.List(connection)
            .Where(found => found.Alias is not null)
            .GroupBy(found => found.Alias!, StringComparer.Ordinal)
            .Select(group => new Candidate(new CompletionResult(CompletionText.Quote(group.Key),
                group.Key, CompletionResultType.ParameterValue,
                group.Count() == 1 ? group.Single().Uuid : $"{group.Count()} zones"), group.Key));
}

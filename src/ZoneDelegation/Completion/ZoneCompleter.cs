using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Completion;

/// <summary>
/// Completes -Zone with the UUIDs of the zones on the targeted CN, matching the UUID or the alias
/// typed; the list shows the alias next to each UUID.
/// </summary>
public sealed class ZoneCompleter : ConnectionCompleter
{
    protected override IEnumerable<Candidate> Fetch(ComputeNodeConnection connection, string? zone) =>
        ZoneNameLister.List(connection)
            .Select(found => new Candidate(new CompletionResult(found.Uuid,
                found.Alias is null ? found.Uuid : $"{found.Uuid} ({found.Alias})",
                CompletionResultType.ParameterValue,
                found.Alias ?? found.Uuid), found.Alias is null ? [found.Uuid] : [found.Uuid, found.Alias]));
}

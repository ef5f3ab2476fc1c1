using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// Zones asked for over a pipeline, grouped by the compute nodes they were asked on, so that one fan-out
/// per group reads each CN once. No zones in a group: every zone of its CNs.
/// </summary>
internal sealed class ZoneRequests
{
    // Zones in first-seen order, and a set beside them so a long pipeline does not rescan the list per zone.
    private readonly Dictionary<string, (List<ComputeNodeTarget> Targets, List<string> Zones, HashSet<string> Seen)> groups = new(StringComparer.Ordinal);

    public void Add(ComputeNodeTarget[]? computeNodes, string[]? zones)
    {
        var targets = computeNodes ?? [];
        var key = string.Join('\n', targets.Select(t => t.Name));
        if (!groups.TryGetValue(key, out var group))
        {
            group = ([.. targets], [], new HashSet<string>(StringComparer.Ordinal));
            groups[key] = group;
        }

        foreach (var zone in zones ?? [])
        {
            if (group.Seen.Add(zone))
            {
                group.Zones.Add(zone);
            }
        }
    }

    public IEnumerable<(IReadOnlyList<ComputeNodeTarget> Targets, IReadOnlyList<string> Zones)> Groups =>
        groups.Values.Count == 0
            ? [([], [])]
            : groups.Values.Select(g => ((IReadOnlyList<ComputeNodeTarget>)g.Targets, (IReadOnlyList<string>)g.Zones));
}

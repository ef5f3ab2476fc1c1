using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// The fleet input of one cmdlet call: the zones asked for on each compute node, gathered while the
/// pipeline runs (a few bytes a zone), so that each CN is read once, by one worker of the fan-out.
/// Keyed by the CN's name as the registry knows it ("" for "the one open connection"), in first-seen
/// order; a CN asked for without zones is asked for all of them. No input at all asks for nothing.
/// </summary>
internal sealed class FleetRequests<TZone>
    where TZone : notnull
{
    private readonly Dictionary<string, ComputeNodeRequest<TZone>> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ComputeNodeRequest<TZone>> order = [];

    /// <summary>The request for a CN (null: the one open connection), created on first use.</summary>
    public ComputeNodeRequest<TZone> For(ComputeNodeTarget? computeNode)
    {
        var key = computeNode?.Name ?? string.Empty;
        if (!byName.TryGetValue(key, out var request))
        {
            request = new ComputeNodeRequest<TZone>(computeNode);
            byName.Add(key, request);
            order.Add(request);
        }

        return request;
    }

    /// <summary>The requests that ask for something, in first-seen order.</summary>
    public IReadOnlyList<ComputeNodeRequest<TZone>> Pending => order.Where(request => request.AllZones || request.Zones.Count > 0).ToList();

    /// <summary>The request gathered under a CN's name, if any.</summary>
    public ComputeNodeRequest<TZone>? Find(string computeNode) => byName.GetValueOrDefault(computeNode);

    /// <summary>Files what was asked of "the one open connection" under that connection's name.</summary>
    /// <returns>False when the CN was also named (it is then already a target, now with these zones too).</returns>
    public bool MergeInto(string computeNode, ComputeNodeRequest<TZone> unnamed)
    {
        if (!byName.TryGetValue(computeNode, out var named))
        {
            byName[computeNode] = unnamed;
            return true;
        }

        named.AllZones |= unnamed.AllZones;
        foreach (var zone in unnamed.Zones)
        {
            named.Add(zone);
        }

        return false;
    }
}

/// <summary>What was asked of one compute node: some zones, or all of them.</summary>
internal sealed class ComputeNodeRequest<TZone>(ComputeNodeTarget? target)
    where TZone : notnull
{
    private readonly HashSet<TZone> seen = [];

    /// <summary>The CN as it was given; null: the one open connection.</summary>
    public ComputeNodeTarget? Target { get; } = target;

    public bool AllZones { get; set; }

    // In first-seen order, so output follows input order where the reader keeps it (Get-DatasetLimit).
    public List<TZone> Zones { get; } = [];

    public void Add(TZone zone)
    {
        if (seen.Add(zone))
        {
            Zones.Add(zone);
        }
    }
}

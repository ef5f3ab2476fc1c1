using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Placement;

/// <summary>
/// One New-SafeZone invocation's view of its candidate CNs: each CN's capacity is read once (the first time a
/// record offers it), and each zone placed on it afterwards is added (<see cref="Record"/>), so the rows of a CSV
/// count against the CN the earlier rows went to, under -WhatIf too. Used from the pipeline thread only.
/// </summary>
internal sealed class PlacementLedger
{
    private readonly Dictionary<ComputeNodeConnection, PlacementCandidate> read = new(ReferenceEqualityComparer.Instance);
    private readonly Func<ComputeNodeConnection, ComputeNodeCapacity> reader;

    public PlacementLedger(DelegationPolicy policy, Func<ComputeNodeConnection, DelegationPolicy, ComputeNodeCapacity>? reader = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var read = reader ?? ComputeNodeCapacityReader.Read;
        this.reader = connection => read(connection, policy);
    }

    /// <summary>The CN's candidate: its capacity with this pipeline's zones, or why it could not be read (read again next time).</summary>
    public PlacementCandidate Candidate(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (read.TryGetValue(connection, out var known))
        {
            return known;
        }

        try
        {
            var candidate = PlacementCandidate.Of(reader(connection));
            read[connection] = candidate;
            return candidate;
        }
        catch (ZoneDelegationException error)
        {
            return new PlacementCandidate(connection.ComputeNode, null, error.Message);
        }
    }

    /// <summary>Counts a zone placed on the CN by this pipeline.</summary>
    public void Record(ComputeNodeConnection connection, PlacedZone zone)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        if (read.TryGetValue(connection, out var known) && known.Capacity is { } capacity)
        {
            read[connection] = PlacementCandidate.Of(capacity.WithPlaced(zone));
        }
    }
}

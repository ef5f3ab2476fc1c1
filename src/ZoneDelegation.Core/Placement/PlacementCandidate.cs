namespace ZoneDelegation.Core.Placement;

/// <summary>A CN offered to placement: its capacity, or why it could not be read (it is then not chosen, with that reason).</summary>
internal sealed record PlacementCandidate(string ComputeNode, ComputeNodeCapacity? Capacity, string? ReadError = null)
{
    public static PlacementCandidate Of(ComputeNodeCapacity capacity) => new(capacity.ComputeNode, capacity);
}

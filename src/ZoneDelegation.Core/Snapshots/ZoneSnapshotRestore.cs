using ZoneDelegation.Core.Output;
namespace ZoneDelegation.Core.Snapshots;

/// <summary>Restore-ZoneSnapshot's output: what was rolled back, what the rollback destroyed, and what was shown unchanged.</summary>
public sealed record ZoneSnapshotRestore
{
    public required string ComputeNode { get; init; }

    public required string Zone { get; init; }

    /// <summary>The root snapshot rolled back to, <c>dataset@name</c>.</summary>
    public required string Snapshot { get; init; }

    /// <summary>The newer root snapshots <c>zfs rollback -r</c> destroyed, oldest first.</summary>
    public required IReadOnlyList<string> DestroyedSnapshots { get; init => field = ReadableList.Of(value); }

    /// <summary>True when the zone was running and was stopped for the rollback and started again.</summary>
    public required bool Restarted { get; init; }

    /// <summary>vmadm's state read after the restore.</summary>
    public string? State { get; init; }

    /// <summary>The delegated datasets, read before and after and found the same (guids and snapshots).</summary>
    public required IReadOnlyList<string> Untouched { get; init => field = ReadableList.Of(value); }

    /// <summary>The delegated datasets' snapshots, all still there.</summary>
    public required int DelegatedSnapshots { get; init; }
}

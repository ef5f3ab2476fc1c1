using ZoneDelegation.Core.Output;

namespace ZoneDelegation.Core.Reprovision;

/// <summary>Update-ZoneImage's output: the new image, what was destroyed, and what was read back unchanged.</summary>
public sealed record ZoneReprovision
{
    public required string ComputeNode { get; init; }

    public required string Zone { get; init; }

    public required string ImageUuid { get; init; }

    public string? PreviousImageUuid { get; init; }

    /// <summary>The root snapshots destroyed with the old zone root.</summary>
    public required IReadOnlyList<string> DestroyedSnapshots { get; init => field = ReadableList.Of(value); }

    /// <summary>The delegated datasets kept as they were (same guids, same snapshots).</summary>
    public required IReadOnlyList<string> Kept { get; init => field = ReadableList.Of(value); }

    public required int DelegatedSnapshots { get; init; }

    public ulong? SnapshotLimit { get; init; }

    public ulong? FilesystemLimit { get; init; }

    public ulong? Quota { get; init; }

    public required string LimitPriv { get; init; }

    public string? State { get; init; }
}

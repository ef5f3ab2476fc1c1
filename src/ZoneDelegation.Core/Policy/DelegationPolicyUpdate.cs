using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// What Set-DelegationPolicy changes: null fields keep the current value. Applying it gives a new
/// policy that is validated before anything is written.
/// </summary>
internal sealed record DelegationPolicyUpdate
{
    public bool? Enabled { get; init; }

    /// <summary>Replaces the list; an empty list allows every owner.</summary>
    public IReadOnlyList<Guid>? AllowedOwners { get; init; }

    public long? SnapshotLimit { get; init; }

    public long? FilesystemLimit { get; init; }

    /// <summary>A platform stamp (YYYYMMDDTHHMMSSZ); parsed, so a typo is InvalidPlatformStamp.</summary>
    public string? MinimumPlatform { get; init; }

    public double? MemoryOverprovisionRatio { get; init; }

    public double? DiskOverprovisionRatio { get; init; }

    public bool IsEmpty => Enabled is null && AllowedOwners is null && SnapshotLimit is null && FilesystemLimit is null && MinimumPlatform is null
                           && MemoryOverprovisionRatio is null && DiskOverprovisionRatio is null;

    public (DelegationPolicy Policy, IReadOnlyList<DelegationWarning> Warnings) ApplyTo(DelegationPolicy current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var updated = current with
        {
            Enabled = Enabled ?? current.Enabled,
            AllowedOwners = AllowedOwners ?? current.AllowedOwners,
            SnapshotLimit = SnapshotLimit ?? current.SnapshotLimit,
            FilesystemLimit = FilesystemLimit ?? current.FilesystemLimit,
            MinimumPlatform = MinimumPlatform is null ? current.MinimumPlatform : PlatformStamp.Parse(MinimumPlatform),
            MemoryOverprovisionRatio = MemoryOverprovisionRatio ?? current.MemoryOverprovisionRatio,
            DiskOverprovisionRatio = DiskOverprovisionRatio ?? current.DiskOverprovisionRatio,
        };
        var warnings = updated.EnsureValid();
        return (updated, warnings);
    }

    /// <summary>The change in words, for ShouldProcess: only what differs from the current policy.</summary>
    public string Describe(DelegationPolicy current, DelegationPolicy updated)
    {
        var parts = new List<string>();
        if (current.Enabled != updated.Enabled)
        {
            parts.Add($"Enabled {current.Enabled} -> {updated.Enabled}");
        }

        if (!current.AllowedOwners.SequenceEqual(updated.AllowedOwners))
        {
            parts.Add($"AllowedOwners [{string.Join(", ", current.AllowedOwners)}] -> [{string.Join(", ", updated.AllowedOwners)}]");
        }

        if (current.SnapshotLimit != updated.SnapshotLimit)
        {
            parts.Add($"SnapshotLimit {current.SnapshotLimit} -> {updated.SnapshotLimit}");
        }

        if (current.FilesystemLimit != updated.FilesystemLimit)
        {
            parts.Add($"FilesystemLimit {current.FilesystemLimit} -> {updated.FilesystemLimit}");
        }

        if (current.MinimumPlatform != updated.MinimumPlatform)
        {
            parts.Add($"MinimumPlatform {current.MinimumPlatform} -> {updated.MinimumPlatform}");
        }

        if (!current.MemoryOverprovisionRatio.Equals(updated.MemoryOverprovisionRatio))
        {
            parts.Add(FormattableString.Invariant($"MemoryOverprovisionRatio {current.MemoryOverprovisionRatio} -> {updated.MemoryOverprovisionRatio}"));
        }

        if (!current.DiskOverprovisionRatio.Equals(updated.DiskOverprovisionRatio))
        {
            parts.Add(FormattableString.Invariant($"DiskOverprovisionRatio {current.DiskOverprovisionRatio} -> {updated.DiskOverprovisionRatio}"));
        }

        return parts.Count == 0 ? "Write the policy unchanged" : "Set " + string.Join("; ", parts);
    }
}

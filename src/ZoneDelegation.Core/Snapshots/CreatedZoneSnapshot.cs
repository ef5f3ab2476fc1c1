using ZoneDelegation.Core.Output;
namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// New-ZoneSnapshot's output: the root snapshot as read back, what it covers and what it does not
/// (the delegated datasets, RFD 44), and the zone's snapshot count and limit afterwards. Zone, Name
/// (the name after '@') and Dataset bind by property name into Restore-ZoneSnapshot and Remove-ZoneSnapshot.
/// </summary>
public sealed record CreatedZoneSnapshot
{
    public required string ComputeNode { get; init; }

    public required string Zone { get; init; }

    /// <summary>The zone root, the only dataset in the snapshot.</summary>
    public required string Dataset { get; init; }

    /// <summary>The name New-ZoneSnapshot was given (vmadm's snapname), as Get-ZoneSnapshot shows it.</summary>
    public required string Name { get; init; }

    /// <summary>The name after '@': <c>vmsnap-&lt;Name&gt;</c>, so vmadm's own snapshots list shows it.</summary>
    public required string ZfsName { get; init; }

    public required string FullName { get; init; }

    /// <summary>Always Root (as text, like <see cref="ZoneSnapshot.Scope"/>).</summary>
    public string Scope => nameof(SnapshotScope.Root);

    /// <summary>"vmadm create-snapshot" or "zfs snapshot" (a zone with delegated datasets, which vmadm refuses).</summary>
    public required string Method { get; init; }

    /// <summary>What is in the snapshot: the zone root.</summary>
    public required string Covers { get; init; }

    /// <summary>What is not: the delegated datasets (and their children). Empty for a zone without any.</summary>
    public required IReadOnlyList<string> Excludes { get; init => field = ReadableList.Of(value); }

    public required DateTimeOffset Created { get; init; }

    public required ulong Referenced { get; init; }

    /// <summary>snapshot_count of the zone root after the snapshot; null where zfs does not track it.</summary>
    public ulong? SnapshotCount { get; init; }

    /// <summary>snapshot_limit of the zone root; null when none is set.</summary>
    public ulong? SnapshotLimit { get; init; }

    public override string ToString() => FullName;
}

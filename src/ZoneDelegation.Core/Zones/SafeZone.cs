using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Output;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// One zone as Get-SafeZone and New-SafeZone show it: who it is, what is delegated to it, its limits and
/// limit set, and the safety verdict (<see cref="SafeZoneAssessor"/>) against the policy in force.
/// <see cref="Uuid"/> and <see cref="ComputeNode"/> bind by property name to the snapshot and limit cmdlets.
/// </summary>
public sealed class SafeZone
{
    public required string ComputeNode { get; init; }

    public required string Uuid { get; init; }

    public string? Alias { get; init; }

    public string? Brand { get; init; }

    public string? OwnerUuid { get; init; }

    /// <summary>vmadm's state: running, stopped, ...</summary>
    public string? State { get; init; }

    /// <summary>vmadm's <c>datasets</c>, e.g. <c>zones/&lt;uuid&gt;/data</c>. Empty when nothing is delegated.</summary>
    public IReadOnlyList<string> DelegatedDatasets { get; init => field = ReadableList.Of(value); } = ReadableList<string>.Empty;

    /// <summary>zfs_snapshot_limit on the zone root; null when unlimited.</summary>
    public ulong? SnapshotLimit { get; init; }

    /// <summary>zfs_filesystem_limit on the zone root; null when unlimited.</summary>
    public ulong? FilesystemLimit { get; init; }

    /// <summary>The limit set as configured; vmadm's default <c>default</c> when the zone names none.</summary>
    public string LimitPriv { get; init; } = Policy.LimitPriv.OsDefault;

    /// <summary>sys_fs_import is not removed from the limit set: the zone may zfs receive.</summary>
    public bool ReceiveAllowed { get; init; }

    public bool IsDelegated => DelegatedDatasets.Count > 0;

    /// <summary>True exactly when <see cref="Findings"/> is empty.</summary>
    public bool IsSafe => Findings.Count == 0;

    public IReadOnlyList<SafetyFinding> Findings { get; init => field = ReadableList.Sentences(value); } = ReadableList<SafetyFinding>.Empty;

    /// <summary>The findings' codes as text ("ReceiveAllowed, SnapshotLimitMissing"): what a CSV or a table shows.</summary>
    public string FindingCodes => string.Join(", ", Findings.Select(finding => finding.Code));

    /// <summary>vmadm's zfs_filesystem, <c>&lt;pool&gt;/&lt;uuid&gt;</c>.</summary>
    public string? ZoneRootDataset { get; init; }

    /// <summary>
    /// zoned on <c>&lt;root&gt;/data</c> as ZFS reports it. Only New-SafeZone's read-back fills it; null
    /// in a listing, or when the zone has no such dataset.
    /// </summary>
    public bool? DataZoned { get; init; }

    public override string ToString() => Alias is null ? Uuid : $"{Uuid} ({Alias})";
}

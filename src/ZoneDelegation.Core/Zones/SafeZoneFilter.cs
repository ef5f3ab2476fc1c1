namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Which zones Get-SafeZone lists. Every criterion given must match; an empty filter lists every zone.
/// Uuid and OwnerUuid also narrow the vmadm lookup itself, so a CN sends only the matching zones.
/// </summary>
internal sealed record SafeZoneFilter
{
    public static SafeZoneFilter All { get; } = new();

    public Zfs.Names.ZoneUuid? Uuid { get; init; }

    /// <summary>-Zone: UUIDs, aliases or wildcards (<see cref="ZoneSelection"/>); null or empty: every zone.</summary>
    public IReadOnlyList<ZoneSelector>? Zones { get; init; }

    /// <summary>A predicate on the alias (the cmdlet passes a PowerShell wildcard). A zone without an alias is tested as "".</summary>
    public Func<string, bool>? AliasMatches { get; init; }

    public Guid? OwnerUuid { get; init; }

    /// <summary>Only zones with a delegated dataset.</summary>
    public bool DelegatedOnly { get; init; }

    internal bool Matches(SafeZone zone) =>
        (Uuid is null || string.Equals(zone.Uuid, Uuid.Value, StringComparison.OrdinalIgnoreCase))
        && (OwnerUuid is null || (Guid.TryParseExact(zone.OwnerUuid, "D", out var owner) && owner == OwnerUuid.Value))
        && (!DelegatedOnly || zone.IsDelegated)
        && (AliasMatches is null || AliasMatches(zone.Alias ?? string.Empty));
}

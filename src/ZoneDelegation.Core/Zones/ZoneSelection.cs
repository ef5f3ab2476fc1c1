using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Which zones of one CN the -Zone names (<see cref="ZoneSelector"/>s) mean, decided as the CN's vmadm listing
/// goes by, so no extra command is needed where a cmdlet already lists the zones. A UUID or an alias names one
/// zone: none is ZoneNotFound, and an alias that several zones carry is ZoneAmbiguous (listing them). A wildcard
/// names any number of zones for a reader; for a writer (<c>oneZoneEach</c>) more than one is ZoneAmbiguous.
/// </summary>
internal sealed class ZoneSelection
{
    private readonly bool oneZoneEach;
    private readonly List<(ZoneSelector Selector, List<ZoneUuid> Zones)> matches;

    public ZoneSelection(IEnumerable<ZoneSelector> selectors, bool oneZoneEach)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        this.oneZoneEach = oneZoneEach;
        matches = selectors.Distinct().Select(selector => (selector, new List<ZoneUuid>())).ToList();
    }

    /// <summary>True when every name is a UUID: the zones are known without a listing.</summary>
    public bool AllUuids => matches.All(match => match.Selector.Uuid is not null);

    /// <summary>The UUIDs named, when <see cref="AllUuids"/>.</summary>
    public IEnumerable<ZoneUuid> Uuids => matches.Select(match => match.Selector.Uuid).OfType<ZoneUuid>();

    /// <summary>
    /// Records a listed zone. Returns Named when a UUID or a reader's wildcard names it (it can be used at once),
    /// Held when only names that may turn out ambiguous name it (ask <see cref="IsNamed"/> after the listing), else None.
    /// </summary>
    public ZoneMatch Offer(ZoneUuid uuid, string? alias)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        var result = ZoneMatch.None;
        foreach (var (selector, zones) in matches)
        {
            if (!selector.Matches(uuid, alias) || zones.Contains(uuid))
            {
                continue;
            }

            zones.Add(uuid);
            var certain = selector.Uuid is not null || (selector.IsWildcard && !oneZoneEach);
            result = certain ? ZoneMatch.Named : result == ZoneMatch.Named ? result : ZoneMatch.Held;
        }

        return result;
    }

    /// <summary>After the listing: whether some name means this zone and only it (or is a reader's wildcard).</summary>
    public bool IsNamed(ZoneUuid uuid) =>
        matches.Any(match => match.Zones.Contains(uuid) && !IsAmbiguous(match.Selector, match.Zones));

    /// <summary>After the listing: the zones named, in the order of the names, each once; ambiguous names name none.</summary>
    public IReadOnlyList<ZoneUuid> Named =>
        matches.Where(match => !IsAmbiguous(match.Selector, match.Zones)).SelectMany(match => match.Zones).Distinct().ToList();

    /// <summary>After the listing: ZoneNotFound for each UUID or alias no zone answers to, ZoneAmbiguous for each name several do.</summary>
    public IEnumerable<ZoneDelegationException> Problems(string computeNode)
    {
        foreach (var (selector, zones) in matches)
        {
            if (zones.Count == 0 && !selector.IsWildcard)
            {
                yield return NotFound(selector, computeNode);
            }
            else if (IsAmbiguous(selector, zones))
            {
                yield return Ambiguous(selector, zones, computeNode);
            }
        }
    }

    /// <summary>ZoneNotFound (ObjectNotFound) for a UUID or alias the CN's vmadm does not know.</summary>
    public static ZoneDelegationException NotFound(ZoneSelector selector, string computeNode)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return selector.Uuid is { } uuid
            ? ZoneRootLocator.NotFound(uuid, computeNode)
            : new ZoneDelegationException(ErrorIds.ZoneNotFound, ZoneErrorCategory.ObjectNotFound,
                $"There is no zone with the UUID or alias '{selector.Text}' on {computeNode}.", selector.Text,
                "Get-SafeZone lists the zones of a compute node with their aliases; check the name and the -ComputeNode.");
    }

    private bool IsAmbiguous(ZoneSelector selector, List<ZoneUuid> zones) =>
        zones.Count > 1 && (selector.IsAlias || (selector.IsWildcard && oneZoneEach));

    private static ZoneDelegationException Ambiguous(ZoneSelector selector, List<ZoneUuid> zones, string computeNode)
    {
        var what = selector.IsWildcard ? "The wildcard" : "The alias";
        return new ZoneDelegationException(ErrorIds.ZoneAmbiguous, ZoneErrorCategory.InvalidArgument,
            $"{what} '{selector.Text}' names {zones.Count} zones on {computeNode}: {string.Join(", ", zones)}.", selector.Text,
            selector.IsWildcard
                ? "This command changes one zone per name: give each zone by its UUID or an alias only it carries."
                : "Name the zone by its UUID.");
    }
}

/// <summary>How a listed zone stands against the -Zone names (<see cref="ZoneSelection.Offer"/>).</summary>
internal enum ZoneMatch
{
    None,
    Named,
    Held,
}

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>One zone as the CN's zone tool lists it (zoneadm list -cp): what the BE services need.</summary>
public sealed record ZoneInfo(string Name, string State, string ZonePath, string Brand, string? Uuid)
{
    /// <summary>
    /// States in which the zone's root is in use: ready, running, shutting_down, down (halting: the zone
    /// still exists, its root not yet unmounted) and mounted (libzonecfg's ZONE_STATE_STR_* between installed
    /// and the zone's destruction).
    /// </summary>
    public bool IsInUse => State is "running" or "ready" or "mounted" or "shutting_down" or "down";
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// For the fleet cmdlets that work by UUID: the -Zone names of one CN (UUIDs, aliases, wildcards) turned into
/// UUIDs on the worker (<see cref="ZoneNameResolver"/>), each name that names no zone, or several, its own error.
/// </summary>
internal static class ZoneNames
{
    /// <summary>-Zone's parser: the text is kept for comparison with the CN's listing, never for a command.</summary>
    public static ZoneSelector Parse(string zone) => ZoneSelector.Parse(zone);

    /// <param name="connection">The CN.</param>
    /// <param name="zones">The names asked of this CN; null: every zone (passed on as null).</param>
    /// <param name="oneZoneEach">A writer: a wildcard that names several zones is refused (ZoneAmbiguous).</param>
    /// <param name="work">Runs on the zones named; not called when none is.</param>
    public static IEnumerable<object> Resolve(ComputeNodeConnection connection, IReadOnlyCollection<ZoneSelector>? zones, bool oneZoneEach,
        Func<IReadOnlyList<ZoneUuid>?, IEnumerable<object>> work)
    {
        if (zones is null)
        {
            return work(null);
        }

        var resolution = ZoneNameResolver.Resolve(connection, zones, oneZoneEach);
        return resolution.Errors.Concat(resolution.Zones.Count == 0 ? [] : work(resolution.Zones));
    }
}

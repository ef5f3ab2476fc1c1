using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// How the zones of one CN are found: <c>zoneadm</c> on illumos, <c>vmadm</c> on SmartOS. Chosen once per
/// CN by <see cref="ZoneProviders"/>, so no service branches on the platform.
/// </summary>
internal interface IZoneProvider
{
    /// <summary>The non-global zones that can have zone boot environments.</summary>
    IEnumerable<ZoneInfo> ListZones(ComputeNodeConnection connection);

    /// <summary>One zone; ZoneNotFound when the CN does not know it.</summary>
    ZoneInfo GetZone(ComputeNodeConnection connection, string zoneName);
}

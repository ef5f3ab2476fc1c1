using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>illumos (OmniOS, OpenIndiana): zones from <c>zoneadm list -cp</c>.</summary>
internal sealed class ZoneadmZoneProvider : IZoneProvider
{
    public static ZoneadmZoneProvider Instance { get; } = new();

    public static NativeCommand ListCommand { get; } = new("zoneadm", "list", "-cp");

    public IEnumerable<ZoneInfo> ListZones(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Transport.Stream(ListCommand, ZoneadmListParser.Parse);
    }

    public ZoneInfo GetZone(ComputeNodeConnection connection, string zoneName)
    {
        var name = ZoneName.Parse(zoneName);
        return ListZones(connection).FirstOrDefault(zone => zone.Name == name)
               ?? throw new ZoneDelegationException(ErrorIds.ZoneNotFound, ZoneErrorCategory.ObjectNotFound,
                   $"There is no zone '{name}' on {connection.ComputeNode}.", name,
                   "zoneadm list -cv on the compute node lists its zones; check the name and the -ComputeNode.");
    }
}

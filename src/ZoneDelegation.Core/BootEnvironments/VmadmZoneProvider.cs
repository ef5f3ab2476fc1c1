using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// SmartOS: its zones (joyent, lx, kvm, bhyve) keep their root at <c>&lt;pool&gt;/&lt;uuid&gt;</c>, never in zone
/// boot environments, and the global zone boots a live image with no global BEs. Every call is a clear
/// ZoneHasNoBootEnvironments, never an empty success.
/// </summary>
internal sealed class VmadmZoneProvider : IZoneProvider
{
    public static VmadmZoneProvider Instance { get; } = new();

    public IEnumerable<ZoneInfo> ListZones(ComputeNodeConnection connection) => throw NoBootEnvironments(connection, null);

    public ZoneInfo GetZone(ComputeNodeConnection connection, string zoneName) => throw NoBootEnvironments(connection, zoneName);

    public static ZoneDelegationException NoBootEnvironments(ComputeNodeConnection connection, string? zoneName)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var what = zoneName is null ? "The zones" : $"Zone '{zoneName}'";
        return new ZoneDelegationException(ErrorIds.ZoneHasNoBootEnvironments, ZoneErrorCategory.NotImplemented,
            $"{what} on {connection.ComputeNode} have no zone boot environments: it is a SmartOS compute node (vmadm), whose " +
            "zones keep their root at <pool>/<uuid> and whose global zone boots a live image without global boot environments.",
            (object?)zoneName ?? connection.ComputeNode,
            $"Zone boot environments exist where zones use {ZoneBootEnvironmentContainer.Description}. On SmartOS use " +
            "Get-ZoneSnapshot for a zone's root snapshots.");
    }
}

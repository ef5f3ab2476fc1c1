using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;

using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Zones;

/// <summary>A zone's identity as a person picks it: the UUID the cmdlets take, and the alias people remember.</summary>
internal sealed record ZoneName(string Uuid, string? Alias);

/// <summary>
/// The zones of a CN by UUID and alias, in one <c>vmadm lookup -j -o uuid,alias</c>, streamed (for tab
/// completion, where a full Get-SafeZone read would cost a zfs query per zone).
/// </summary>
internal static class ZoneNameLister
{
    public static IEnumerable<ZoneName> List(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // A zone whose object is unreadable is left out: completion offers what it can name.
        return connection.Transport
            .Stream(VmadmCommands.Lookup(["uuid", "alias"]), VmadmJsonParser.ParseArrayElements)
            .Where(element => element.Vm is not null)
            .Select(element => new ZoneName(VmObjectFields.ZoneUuidOrNull(element.Vm!) ?? string.Empty,
                TerminalText.CleanLineOrNull(VmObjectFields.TryReadString(element.Vm!, "alias"))))
            .Where(zone => zone.Uuid.Length > 0);
    }
}

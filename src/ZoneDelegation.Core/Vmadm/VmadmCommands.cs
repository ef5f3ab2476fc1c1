using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// The vmadm command lines this module runs. Arguments are validated values (zone UUIDs, owner GUIDs,
/// fixed field names); a create payload travels on stdin only, never in argv (it may hold metadata).
/// </summary>
internal static class VmadmCommands
{
    public const string Program = "vmadm";

    /// <summary>The fields Get-SafeZone needs from <c>vmadm lookup -j -o</c>.</summary>
    public static IReadOnlyList<string> SafeZoneFields { get; } =
    [
        "uuid", "alias", "brand", "owner_uuid", "state", "datasets", "limit_priv",
        "zfs_snapshot_limit", "zfs_filesystem_limit", "zfs_filesystem",
    ];

    /// <summary>
    /// The fields the audit needs: Get-SafeZone's and the zone's name, which keys what the kernel says of a
    /// running zone (ps -o zone); it is the UUID unless the zone was created with another zonename.
    /// </summary>
    public static IReadOnlyList<string> ComplianceFields { get; } = [.. SafeZoneFields, "zonename"];

    public static NativeCommand Get(ZoneUuid uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return new NativeCommand(Program, "get", uuid.Value);
    }

    /// <summary><c>vmadm lookup -j -o &lt;fields&gt; [uuid=…] [owner_uuid=…]</c>; vmadm matches the values exactly, so they are lower case as vmadm stores them.</summary>
    public static NativeCommand Lookup(IReadOnlyList<string> fields, ZoneUuid? uuid = null, Guid? ownerUuid = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        List<string> arguments = ["lookup", "-j", "-o", string.Join(",", fields)];
        if (uuid is not null)
        {
            arguments.Add("uuid=" + uuid.Value.ToLowerInvariant());
        }

        if (ownerUuid is { } owner)
        {
            arguments.Add("owner_uuid=" + owner.ToString("D"));
        }

        return new NativeCommand(Program, arguments);
    }

    /// <summary><c>vmadm create</c> with the payload JSON on stdin.</summary>
    public static NativeCommand Create(string payloadJson, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(payloadJson);
        return new NativeCommand(Program, "create") { StandardInput = payloadJson, Timeout = timeout };
    }

    /// <summary><c>vmadm start &lt;uuid&gt;</c>: boots a zone.</summary>
    public static NativeCommand Start(ZoneUuid uuid, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return new NativeCommand(Program, "start", uuid.Value) { Timeout = timeout };
    }

    /// <summary><c>vmadm update &lt;uuid&gt;</c> with <c>{"autoboot": ...}</c> on stdin.</summary>
    public static NativeCommand SetAutoboot(ZoneUuid uuid, bool autoboot)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return new NativeCommand(Program, "update", uuid.Value) { StandardInput = autoboot ? "{\"autoboot\":true}\n" : "{\"autoboot\":false}\n" };
    }

    /// <summary><c>vmadm update &lt;uuid&gt;</c> with the payload JSON on stdin (never in argv).</summary>
    public static NativeCommand Update(ZoneUuid uuid, string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        ArgumentException.ThrowIfNullOrEmpty(payloadJson);
        return new NativeCommand(Program, "update", uuid.Value) { StandardInput = payloadJson };
    }

    /// <summary><c>vmadm reboot &lt;uuid&gt;</c>: the zone boots again, with its current configuration (e.g. a new limit_priv).</summary>
    public static NativeCommand Reboot(ZoneUuid uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return new NativeCommand(Program, "reboot", uuid.Value);
    }
}

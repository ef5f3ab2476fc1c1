using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// The CN's global BEs and the booted one, from <c>beadm list -H</c> (libbe finds the booted BE as the root
/// dataset mounted at '/'; beadm prints it with the flag N). Only the booted BE must have a uuid: zone BEs
/// belong to it by that uuid (libbe be_find_active_zone_root starts with be_get_uuid of it); other global
/// BEs without one are listed and are simply nobody's parent.
/// </summary>
internal static class GlobalBootEnvironmentReader
{
    public static NativeCommand Command { get; } = new("beadm", "list", "-H");

    public static GlobalBootEnvironments Read(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var all = connection.Transport.Stream(Command, BeadmListParser.Parse).ToList();
        var current = all.Where(be => be.IsCurrent).ToList();
        if (current.Count != 1)
        {
            throw new ZoneDelegationException(ErrorIds.CurrentGlobalBootEnvironmentUnknown, ZoneErrorCategory.InvalidData,
                $"beadm list -H on {connection.ComputeNode} shows {current.Count} global boot environments booted now (flag N); " +
                "expected exactly one, so which zone boot environments boot cannot be told.", connection.ComputeNode,
                "Run beadm list on the compute node; the BE mounted at / carries the flag N.");
        }

        if (current[0].Uuid is null)
        {
            throw new ZoneDelegationException(ErrorIds.CurrentGlobalBootEnvironmentUnknown, ZoneErrorCategory.InvalidData,
                $"The booted global boot environment '{current[0].Name}' on {connection.ComputeNode} has no usable " +
                $"{BootEnvironmentProperties.Uuid} (beadm list -H shows none), so no zone boot environment can belong to it " +
                "and which ones its zones boot cannot be told.", current[0].Name,
                $"Check with: zfs get {BootEnvironmentProperties.Uuid} <pool>/ROOT/{current[0].Name}. libbe gives every BE it " +
                "creates a uuid; a BE an installer made without one needs it set before its zones can boot from zone BEs.");
        }

        return new GlobalBootEnvironments(all, current[0]);
    }
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// The CN's global BEs and the booted one, from <c>beadm list -H</c> (libbe finds the booted BE as the root
/// dataset mounted at '/'; beadm prints it with the flag N).
/// </summary>
public static class GlobalBootEnvironmentReader
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

        return new GlobalBootEnvironments(all, current[0]);
    }
}

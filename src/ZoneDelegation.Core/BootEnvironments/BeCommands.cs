using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// The zfs command lines the BE planners write. Every name is re-validated with the ZFS grammar here,
/// so a plan can only hold well-formed names. Never <c>-R</c>, never <c>-r</c> on destroy.
/// </summary>
internal static class BeCommands
{
    public static PlannedCommand Promote(string clone, string why) =>
        new(why, new NativeCommand("zfs", "promote", ZfsName.Dataset(clone).Value));

    public static PlannedCommand DestroyFilesystem(string dataset, string why) =>
        new(why, new NativeCommand("zfs", "destroy", ZfsName.Dataset(dataset).Value));

    public static PlannedCommand DestroySnapshot(string snapshot, string why) =>
        new(why, new NativeCommand("zfs", "destroy", ZfsName.Snapshot(snapshot).Value));

    public static PlannedCommand SnapshotRecursive(string snapshot, string why) =>
        new(why, new NativeCommand("zfs", "snapshot", "-r", ZfsName.Snapshot(snapshot).Value));

    public static PlannedCommand Clone(string snapshot, string target, IReadOnlyList<(string Property, string Value)> properties, string why)
    {
        List<string> arguments = ["clone"];
        foreach (var (property, value) in properties)
        {
            arguments.Add("-o");
            arguments.Add(ZfsName.Property(property).Value + "=" + value);
        }

        arguments.Add(ZfsName.Snapshot(snapshot).Value);
        arguments.Add(ZfsName.Dataset(target).Value);
        return new PlannedCommand(why, new NativeCommand("zfs", arguments));
    }

    public static PlannedCommand Set(string dataset, string property, string value, string why) =>
        new(why, new NativeCommand("zfs", "set", ZfsName.Property(property).Value + "=" + value, ZfsName.Dataset(dataset).Value));

    public static PlannedCommand Inherit(string dataset, string property, string why) =>
        new(why, new NativeCommand("zfs", "inherit", ZfsName.Property(property).Value, ZfsName.Dataset(dataset).Value));
}

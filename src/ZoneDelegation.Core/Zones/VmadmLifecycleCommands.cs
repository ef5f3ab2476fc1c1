using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// vmadm's snapshot, state and reprovision command lines (vmadm.8: create-snapshot, delete-snapshot,
/// rollback-snapshot, stop, start, reprovision). Arguments are validated values only; the reprovision
/// payload travels on stdin.
/// </summary>
public static class VmadmLifecycleCommands
{
    /// <summary>A graceful stop waits up to 60 s before vmadm halts the zone; a reprovision installs a new root.</summary>
    public static TimeSpan StateChangeTimeout { get; } = TimeSpan.FromMinutes(5);

    public static NativeCommand CreateSnapshot(ZoneUuid zone, VmSnapshotName name) =>
        new(VmadmCommands.Program, "create-snapshot", Checked(zone).Value, Checked(name).Value);

    public static NativeCommand DeleteSnapshot(ZoneUuid zone, VmSnapshotName name) =>
        new(VmadmCommands.Program, "delete-snapshot", Checked(zone).Value, Checked(name).Value);

    /// <summary>vmadm stops a running zone, rolls back with <c>zfs rollback -r</c> and starts it again.</summary>
    public static NativeCommand RollbackSnapshot(ZoneUuid zone, VmSnapshotName name) =>
        new(VmadmCommands.Program, "rollback-snapshot", Checked(zone).Value, Checked(name).Value) { Timeout = StateChangeTimeout };

    public static NativeCommand Stop(ZoneUuid zone) =>
        new(VmadmCommands.Program, "stop", Checked(zone).Value) { Timeout = StateChangeTimeout };

    public static NativeCommand Start(ZoneUuid zone) =>
        new(VmadmCommands.Program, "start", Checked(zone).Value) { Timeout = StateChangeTimeout };

    /// <summary><c>vmadm reprovision &lt;uuid&gt;</c> with <c>{"image_uuid": "…"}</c> on stdin.</summary>
    public static NativeCommand Reprovision(ZoneUuid zone, Guid imageUuid) =>
        new(VmadmCommands.Program, "reprovision", Checked(zone).Value)
        {
            StandardInput = $$"""{"image_uuid": "{{imageUuid:D}}"}""" + "\n",
            Timeout = StateChangeTimeout,
        };

    private static T Checked<T>(T value) where T : class => value ?? throw new ArgumentNullException(nameof(value));
}

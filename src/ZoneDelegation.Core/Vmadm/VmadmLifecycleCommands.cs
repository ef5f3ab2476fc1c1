using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// vmadm's snapshot, state and reprovision command lines (vmadm.8: create-snapshot, delete-snapshot,
/// rollback-snapshot, stop, start, reprovision). Arguments are validated values only; the reprovision
/// payload travels on stdin.
/// </summary>
internal static class VmadmLifecycleCommands
{
    public static NativeCommand CreateSnapshot(ZoneUuid zone, VmSnapshotName name) =>
        new(VmadmCommands.Program, "create-snapshot", Checked(zone).Value, Checked(name).Value);

    public static NativeCommand DeleteSnapshot(ZoneUuid zone, VmSnapshotName name) =>
        new(VmadmCommands.Program, "delete-snapshot", Checked(zone).Value, Checked(name).Value);

    /// <summary>
    /// VM.js rollback_snapshot: halts a zone that is not stopped (no clean shutdown), <c>zfs rollback -r</c>, and then
    /// ALWAYS starts the zone (vmadm.js never sets do_not_start), a stopped one included.
    /// </summary>
    public static NativeCommand RollbackSnapshot(ZoneUuid zone, VmSnapshotName name) =>
        new(VmadmCommands.Program, "rollback-snapshot", Checked(zone).Value, Checked(name).Value) { Timeout = VmadmTimeouts.RollbackSnapshot };

    public static NativeCommand Stop(ZoneUuid zone) =>
        new(VmadmCommands.Program, "stop", Checked(zone).Value) { Timeout = VmadmTimeouts.Stop };

    public static NativeCommand Start(ZoneUuid zone) =>
        new(VmadmCommands.Program, "start", Checked(zone).Value) { Timeout = VmadmTimeouts.Start };

    /// <summary>
    /// <c>vmadm reprovision &lt;uuid&gt;</c> with <c>{"image_uuid": "…"}</c> on stdin. VM.js reprovision stops a zone
    /// that is not installed and ends in installZone with autoboot true: it ALWAYS boots the zone.
    /// </summary>
    public static NativeCommand Reprovision(ZoneUuid zone, Guid imageUuid) =>
        new(VmadmCommands.Program, "reprovision", Checked(zone).Value)
        {
            StandardInput = $$"""{"image_uuid": "{{imageUuid:D}}"}""" + "\n",
            Timeout = VmadmTimeouts.Reprovision,
        };

    private static T Checked<T>(T value) where T : class => value ?? throw new ArgumentNullException(nameof(value));
}

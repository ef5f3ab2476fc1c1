using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// Restore-ZoneSnapshot: rolls the zone root back, and only the zone root, and leaves the zone running or
/// stopped as it found it. A running zone is stopped cleanly first (<c>vmadm stop</c>). A zone without datasets
/// (and bhyve) then goes through <c>vmadm rollback-snapshot</c>, which boots it again itself. Anything else, and
/// every stopped zone, is rolled back with <c>zfs rollback -r</c> of the snapshots vmadm would roll back
/// (<see cref="VmSnapshotSet"/>): vmadm rollback-snapshot ALWAYS boots the zone (VM.js rollback_snapshot ends in
/// VM.start, and vmadm.js never sets do_not_start), and a zone someone stopped must not come up on its own.
/// A running zone with datasets is started again with <c>vmadm start</c>. The delegated datasets are read
/// before and after and must be the same, and the zone's state is read back and must be what it was. A failed
/// step stops the restore with an error that says which steps ran and the zone's state as vmadm reports it then.
/// Run the plan with <see cref="ZoneSnapshotRestoreApplier"/>.
/// </summary>
internal static class ZoneSnapshotRestorePlanner
{
    public static ZoneSnapshotRestorePlan Plan(ComputeNodeConnection connection, string zone, string name)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var uuid = ZoneUuid.Parse(zone);
        var record = ZoneRecord.ReadForChange(connection, uuid, "restore a snapshot of");
        var snapshots = RootSnapshotReader.Read(connection.Transport, record);
        var target = RootSnapshotReader.Resolve(snapshots, record, name);
        var newer = snapshots.Where(s => s.CreateTxg > target.CreateTxg).ToList();
        var full = record.ZoneRoot.Snapshot(target.ShortName);

        var viaVmadm = record.VmadmSnapshotsAllowed && target.ShortName.StartsWith(VmSnapshotName.ZfsPrefix, StringComparison.Ordinal)
                       && VmSnapshotName.TryParse(target.ShortName[VmSnapshotName.ZfsPrefix.Length..], out _);
        if (record.IsBhyve && !viaVmadm)
        {
            throw new ZoneDelegationException(ErrorIds.SnapshotNotSupported, ZoneErrorCategory.NotImplemented,
                $"{full} is not a vmadm snapshot (vmsnap-<name>); a bhyve VM is rolled back only as vmadm does it, with its disks.",
                name, $"Roll back to one of the vmsnap- snapshots Get-ZoneSnapshot -Zone {uuid} -Scope Root lists.");
        }

        var delegatedBefore = DelegatedTree.Read(connection.Transport, record.Datasets);
        var steps = new List<PlannedCommand>();
        if (record.IsRunning)
        {
            steps.Add(new PlannedCommand("stop the zone (it is running): a clean shutdown, which vmadm turns into a halt if the zone is not down in time",
                VmadmLifecycleCommands.Stop(uuid)));
        }

        if (viaVmadm && record.IsRunning)
        {
            var vmName = VmSnapshotName.Parse(target.ShortName[VmSnapshotName.ZfsPrefix.Length..]);
            steps.Add(new PlannedCommand("vmadm rolls the zone back and boots it again" + Destroys(newer), VmadmLifecycleCommands.RollbackSnapshot(uuid, vmName)));
        }
        else
        {
            foreach (var snapshot in VmSnapshotSet.Read(connection.Transport, record, target.ShortName))
            {
                steps.Add(new PlannedCommand(
                    (snapshot.Dataset.Value == record.ZoneRoot.Value ? "roll the zone root back" + Destroys(newer) : $"roll the disk {snapshot.Dataset} back, as vmadm does"),
                    new NativeCommand("zfs", "rollback", "-r", snapshot.Value)));
            }

            if (record.IsRunning)
            {
                steps.Add(new PlannedCommand("start the zone again", VmadmLifecycleCommands.Start(uuid)));
            }
        }

        var summary = $"Roll the zone root {record.ZoneRoot} of zone {uuid} back to {full}" +
                      (record.IsRunning
                          ? "; the zone is running: it is shut down cleanly first (vmadm stop) and booted again after"
                          : $"; the zone is {record.State ?? "not running"}: it is not booted and stays so" +
                            (viaVmadm ? " (vmadm rollback-snapshot would boot it, so zfs rolls back what vmadm would)" : string.Empty)) +
                      (newer.Count == 0 ? "; no newer root snapshot exists" : $"; this destroys the newer root snapshots {string.Join(", ", newer)}") +
                      (record.HasDatasets ? $"; not touched: {string.Join(", ", record.Datasets)} and their {delegatedBefore.SnapshotCount} snapshots." : ".");
        var plan = new ChangePlan(record.ComputeNode, $"zone {uuid} ({record.ZoneRoot})", summary, steps);
        return new ZoneSnapshotRestorePlan(plan, record, target, newer, delegatedBefore);
    }

    private static string Destroys(IReadOnlyList<RootSnapshot> newer) =>
        newer.Count == 0 ? string.Empty : $" (destroys the newer root snapshots {string.Join(", ", newer)})";
}

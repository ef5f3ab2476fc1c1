using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Transport;
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
/// </summary>
public static class ZoneSnapshotRestorer
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

    public static ZoneSnapshotRestore Apply(ComputeNodeConnection connection, ZoneSnapshotRestorePlan plan)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        var zone = plan.Zone;
        var (after, delegatedAfter) = VerifiedChange.Apply(connection.Transport, plan.Plan,
            () => ReadBack(connection, plan),
            state => Differences(plan, state),
            (_, differences) => new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"The restore of zone {zone.Uuid} on {zone.ComputeNode} ran, but: {string.Join("; ", differences)}.", zone.Uuid.Value,
                $"Look at the zone with Get-ZoneSnapshot -Zone {zone.Uuid} and vmadm get on {zone.ComputeNode}."),
            failure => Failed(connection, plan, failure));
        return new ZoneSnapshotRestore
        {
            ComputeNode = zone.ComputeNode,
            Zone = zone.Uuid.Value,
            Snapshot = $"{zone.ZoneRoot}@{plan.Target.ShortName}",
            DestroyedSnapshots = plan.Destroyed.Select(d => d.ShortName).ToList(),
            Restarted = zone.IsRunning && after.IsRunning,
            State = after.State,
            Untouched = zone.Datasets,
            DelegatedSnapshots = delegatedAfter.SnapshotCount,
        };
    }

    private static RestoredState ReadBack(ComputeNodeConnection connection, ZoneSnapshotRestorePlan plan) =>
        new(ZoneRecord.Read(connection, plan.Zone.Uuid), RootSnapshotReader.Read(connection.Transport, plan.Zone),
            DelegatedTree.Read(connection.Transport, plan.Zone.Datasets));

    private static List<string> Differences(ZoneSnapshotRestorePlan plan, RestoredState state)
    {
        var zone = plan.Zone;
        var differences = new List<string>();
        if (!state.RootSnapshots.Any(s => s.ShortName == plan.Target.ShortName))
        {
            differences.Add($"{zone.ZoneRoot}@{plan.Target.ShortName} is gone");
        }

        differences.AddRange(plan.Destroyed.Where(d => state.RootSnapshots.Any(s => s.ShortName == d.ShortName))
            .Select(d => $"{zone.ZoneRoot}@{d.ShortName} still exists"));
        differences.AddRange(plan.DelegatedBefore.Differences(state.Delegated));
        if (state.Zone.State != zone.State)
        {
            differences.Add($"the zone is {state.Zone.State ?? "in no state"}, it was {zone.State ?? "in no state"}");
        }

        return differences;
    }

    /// <summary>The zone, its root snapshots and its delegated tree as read back after the restore.</summary>
    private sealed record RestoredState(ZoneRecord Zone, IReadOnlyList<RootSnapshot> RootSnapshots, DelegatedTree Delegated)
    {
        public void Deconstruct(out ZoneRecord zone, out DelegatedTree delegated) => (zone, delegated) = (Zone, Delegated);
    }

    private static string Destroys(IReadOnlyList<RootSnapshot> newer) =>
        newer.Count == 0 ? string.Empty : $" (destroys the newer root snapshots {string.Join(", ", newer)})";

    /// <summary>SnapshotRestoreFailed: which steps ran, which failed, and the zone's state now (read again; a stopped zone is said to be stopped).</summary>
    private static ZoneDelegationException Failed(ComputeNodeConnection connection, ZoneSnapshotRestorePlan plan, StepFailure step)
    {
        var (completed, failure) = (step.Completed, step.Error);
        var zone = plan.Zone;
        var state = ZoneRecord.ReadStateForReport(connection, zone.Uuid, "unknown (vmadm shows no state)");

        var ran = completed == 0 ? "no step ran" : "steps that ran: " + string.Join(", ", plan.Plan.Steps.Take(completed).Select(s => s.Command.CommandLine));
        var detail = failure is NativeCommandException native && !string.IsNullOrWhiteSpace(native.StandardError)
            ? native.StandardError.Trim()
            : failure.Message;
        if (failure is NativeCommandException { ErrorId: ErrorIds.CommandMayStillBeRunning } running)
        {
            // A write outlived its timeout or a Ctrl+C: it was left to finish, so the restore is not failed, it is not over.
            return new NativeCommandException(running.ErrorId, running.Category,
                $"The restore of zone {zone.Uuid} on {zone.ComputeNode} is not finished: step {completed + 1} may still be running: {running.Message} " +
                $"{char.ToUpperInvariant(ran[0])}{ran[1..]} before it. The zone is now {state}.",
                running.ComputeNode, running.CommandLine, running.ExitCode, running.StandardError,
                $"Wait for it, then look at the zone with Get-ZoneSnapshot -Zone {zone.Uuid} and vmadm get on {zone.ComputeNode}; " +
                "do not run the restore again while it may still be running.");
        }

        var stoppedByUs = zone.IsRunning && state != "running";
        return new ZoneDelegationException(ErrorIds.SnapshotRestoreFailed, ZoneErrorCategory.InvalidResult,
            $"The restore of zone {zone.Uuid} on {zone.ComputeNode} stopped at step {completed + 1} ({plan.Plan.Steps[completed].Command.CommandLine}): {detail}. " +
            $"{char.ToUpperInvariant(ran[0])}{ran[1..]}. The zone is now {state}" +
            (stoppedByUs ? $"; it was running before the restore and has not been started again." : "."),
            zone.Uuid.Value,
            stoppedByUs
                ? $"Fix the cause, then run the restore again, or start the zone as it is with vmadm start {zone.Uuid}."
                : "Fix the cause and run the restore again.",
            failure);
    }
}

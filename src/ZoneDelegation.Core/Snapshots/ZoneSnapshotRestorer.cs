using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// Restore-ZoneSnapshot: rolls the zone root back, and only the zone root. A zone without datasets goes
/// through <c>vmadm rollback-snapshot</c> (which stops and starts it itself). A zone with delegated
/// datasets: stop it if it runs, <c>zfs rollback -r &lt;root&gt;@&lt;snap&gt;</c> (it destroys the newer root
/// snapshots, never anything below the root), start it again. The delegated datasets are read before and
/// after and must be the same. A failed step stops the restore with an error that says which steps ran
/// and the zone's state as vmadm reports it then.
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
                $"{full} is not a vmadm snapshot (vmsnap-<name>); a bhyve VM is rolled back only by vmadm, which rolls back its disks too.",
                name, $"Roll back to one of the vmsnap- snapshots Get-ZoneSnapshot -Zone {uuid} -Scope Root lists.");
        }

        var delegatedBefore = DelegatedTree.Read(connection.Transport, record.Datasets);
        var steps = new List<PlannedCommand>();
        if (viaVmadm)
        {
            var vmName = VmSnapshotName.Parse(target.ShortName[VmSnapshotName.ZfsPrefix.Length..]);
            steps.Add(new PlannedCommand(
                (record.IsRunning ? "vmadm stops the zone, rolls back and starts it again" : "vmadm rolls the zone back") + Destroys(newer),
                VmadmLifecycleCommands.RollbackSnapshot(uuid, vmName)));
        }
        else
        {
            if (record.IsRunning)
            {
                steps.Add(new PlannedCommand("stop the zone (it is running)", VmadmLifecycleCommands.Stop(uuid)));
            }

            steps.Add(new PlannedCommand("roll the zone root back" + Destroys(newer), new NativeCommand("zfs", "rollback", "-r", full.Value)));
            if (record.IsRunning)
            {
                steps.Add(new PlannedCommand("start the zone again", VmadmLifecycleCommands.Start(uuid)));
            }
        }

        var summary = $"Roll the zone root {record.ZoneRoot} of zone {uuid} back to {full}" +
                      (record.IsRunning ? "; the zone is running: it is stopped first and started again after" : string.Empty) +
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
        var (completed, failure) = ChangePlanRunner.ApplyUntilFailure(connection.Transport, plan.Plan);
        if (failure is not null)
        {
            throw Failed(connection, plan, completed, failure);
        }

        var after = ZoneRecord.Read(connection, zone.Uuid);
        var remaining = RootSnapshotReader.Read(connection.Transport, zone);
        var delegatedAfter = DelegatedTree.Read(connection.Transport, zone.Datasets);
        var differences = new List<string>();
        if (!remaining.Any(s => s.ShortName == plan.Target.ShortName))
        {
            differences.Add($"{zone.ZoneRoot}@{plan.Target.ShortName} is gone");
        }

        differences.AddRange(plan.Destroyed.Where(d => remaining.Any(s => s.ShortName == d.ShortName))
            .Select(d => $"{zone.ZoneRoot}@{d.ShortName} still exists"));
        differences.AddRange(plan.DelegatedBefore.Differences(delegatedAfter));
        if (zone.IsRunning && !after.IsRunning)
        {
            differences.Add($"the zone is {after.State ?? "in no state"}, it was running");
        }

        if (differences.Count > 0)
        {
            throw new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"The restore of zone {zone.Uuid} on {zone.ComputeNode} ran, but: {string.Join("; ", differences)}.", zone.Uuid.Value,
                $"Look at the zone with Get-ZoneSnapshot -Zone {zone.Uuid} and vmadm get on {zone.ComputeNode}.");
        }

        return new ZoneSnapshotRestore
        {
            ComputeNode = zone.ComputeNode,
            Zone = zone.Uuid.Value,
            Snapshot = $"{zone.ZoneRoot}@{plan.Target.ShortName}",
            DestroyedSnapshots = plan.Destroyed.Select(d => d.ShortName).ToList(),
            Restarted = zone.IsRunning,
            State = after.State,
            Untouched = zone.Datasets,
            DelegatedSnapshots = delegatedAfter.SnapshotCount,
        };
    }

    private static string Destroys(IReadOnlyList<RootSnapshot> newer) =>
        newer.Count == 0 ? string.Empty : $" (destroys the newer root snapshots {string.Join(", ", newer)})";

    /// <summary>SnapshotRestoreFailed: which steps ran, which failed, and the zone's state now (read again; a stopped zone is said to be stopped).</summary>
    private static ZoneDelegationException Failed(ComputeNodeConnection connection, ZoneSnapshotRestorePlan plan, int completed, ZoneDelegationException failure)
    {
        var zone = plan.Zone;
        string state;
        try
        {
            state = ZoneRecord.Read(connection, zone.Uuid).State ?? "unknown (vmadm shows no state)";
        }
        catch (ZoneDelegationException error)
        {
            state = "unknown (vmadm get failed: " + error.Message + ")";
        }

        var ran = completed == 0 ? "no step ran" : "steps that ran: " + string.Join(", ", plan.Plan.Steps.Take(completed).Select(s => s.Command.CommandLine));
        var detail = failure is NativeCommandException native && !string.IsNullOrWhiteSpace(native.StandardError)
            ? native.StandardError.Trim()
            : failure.Message;
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

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// Restore-ZoneSnapshot, applying half: runs a <see cref="ZoneSnapshotRestorePlan"/> made by
/// <see cref="ZoneSnapshotRestorePlanner"/>, reads the zone back, and reports a failed step with the zone's state.
/// </summary>
internal static class ZoneSnapshotRestoreApplier
{
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
                $"Look at the zone with Get-ZoneSnapshot -ComputeNode {zone.ComputeNode} -Zone {zone.Uuid} and Get-SafeZone -ComputeNode {zone.ComputeNode} -Zone {zone.Uuid}."),
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
                $"Wait for it, then look at the zone with Get-ZoneSnapshot -ComputeNode {zone.ComputeNode} -Zone {zone.Uuid} and Get-SafeZone -ComputeNode {zone.ComputeNode} -Zone {zone.Uuid}; " +
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

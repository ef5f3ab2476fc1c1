using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>Remove-ZoneSnapshot, applying half: runs a <see cref="ZoneSnapshotRemovalPlan"/> made by <see cref="ZoneSnapshotRemovalPlanner"/>.</summary>
internal static class ZoneSnapshotRemovalApplier
{
    /// <summary>Runs the plan; VerificationFailed when the snapshot is still there.</summary>
    public static void Apply(ComputeNodeConnection connection, ZoneSnapshotRemovalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        VerifiedChange.Apply(connection.Transport, plan.Plan,
            () => ZoneSnapshotRemovalPlanner.Exists(connection.Transport, plan.Snapshot),
            exists => exists ? [$"{plan.Snapshot} still exists"] : [],
            (_, _) => new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"{plan.Snapshot} still exists after the command reported success.", plan.Snapshot.Value,
                $"Look at it with Get-ZoneSnapshot -ComputeNode {plan.Zone.ComputeNode} -Zone {plan.Zone.Uuid}."));
    }
}

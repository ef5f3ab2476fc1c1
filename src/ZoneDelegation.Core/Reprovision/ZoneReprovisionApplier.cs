using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Reprovision;

/// <summary>
/// Update-ZoneImage, applying half: runs a <see cref="ZoneReprovisionPlan"/> made by <see cref="ZoneReprovisionPlanner"/>
/// and reads back what must not have changed.
/// </summary>
internal static class ZoneReprovisionApplier
{
    public static ZoneReprovision Apply(ComputeNodeConnection connection, ZoneReprovisionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        var before = plan.Zone;
        var (after, delegated, limits) = VerifiedChange.Apply(connection.Transport, plan.Plan,
            () => ReadBack(connection, plan),
            state => Differences(plan, state),
            (_, differences) => new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"Zone {before.Uuid} on {before.ComputeNode} was reprovisioned, but: {string.Join("; ", differences)}.", before.Uuid.Value,
                "Put the limits back with Set-DatasetLimit and limit_priv with vmadm update, bring the zone to the state you want with " +
                $"vmadm start or stop {before.Uuid}, then check the zone with Get-SafeZone."),
            failure => failure.Error is NativeCommandException stopAgain && plan.Plan.Steps.Count > 1 && failure.Completed == plan.Plan.Steps.Count - 1
                ? StopAgainFailed(connection, plan, stopAgain)
                : failure.Error);
        return new ZoneReprovision
        {
            ComputeNode = before.ComputeNode,
            Zone = before.Uuid.Value,
            ImageUuid = plan.ImageUuid.ToString("D"),
            PreviousImageUuid = before.ImageUuid,
            DestroyedSnapshots = plan.Destroyed.Select(d => d.ShortName).ToList(),
            Kept = before.Datasets,
            DelegatedSnapshots = delegated.SnapshotCount,
            SnapshotLimit = limits.SnapshotLimit,
            FilesystemLimit = limits.FilesystemLimit,
            Quota = limits.Quota,
            LimitPriv = after.LimitPriv,
            State = after.State,
        };
    }

    private static ReprovisionedState ReadBack(ComputeNodeConnection connection, ZoneReprovisionPlan plan)
    {
        var after = ZoneRecord.Read(connection, plan.Zone.Uuid);
        return new ReprovisionedState(after, RootSnapshotReader.Read(connection.Transport, after),
            DelegatedTree.Read(connection.Transport, plan.Zone.Datasets), DatasetLimitReader.Read(connection, after.Location));
    }

    private static List<string> Differences(ZoneReprovisionPlan plan, ReprovisionedState state)
    {
        var before = plan.Zone;
        var (after, snapshots, delegated, limits) = state;
        var differences = new List<string>();
        if (!string.Equals(after.ImageUuid, plan.ImageUuid.ToString("D"), StringComparison.OrdinalIgnoreCase))
        {
            differences.Add($"image_uuid is {after.ImageUuid ?? "not set"}, expected {plan.ImageUuid:D}");
        }

        differences.AddRange(plan.Destroyed.Where(d => snapshots.Any(s => s.ShortName == d.ShortName && s.CreateTxg == d.CreateTxg))
            .Select(d => $"the old root snapshot {d} still exists"));
        differences.AddRange(plan.DelegatedBefore.Differences(delegated));
        Compare(differences, "snapshot_limit", plan.LimitsBefore.SnapshotLimit, limits.SnapshotLimit);
        Compare(differences, "filesystem_limit", plan.LimitsBefore.FilesystemLimit, limits.FilesystemLimit);
        Compare(differences, "quota", plan.LimitsBefore.Quota, limits.Quota);
        if (after.LimitPriv != before.LimitPriv)
        {
            differences.Add($"limit_priv is {after.LimitPriv}, was {before.LimitPriv}");
        }

        var expectedState = before.IsRunning ? "running" : "stopped";
        if (after.State != expectedState)
        {
            differences.Add($"the zone is {after.State ?? "in no state"}, expected {expectedState} (it was {before.State ?? "in no state"})");
        }

        return differences;
    }

    /// <summary>The zone, its root snapshots, its delegated tree and its limits as read back after the reprovision.</summary>
    private sealed record ReprovisionedState(ZoneRecord Zone, IReadOnlyList<RootSnapshot> RootSnapshots, DelegatedTree Delegated, DatasetLimit Limits)
    {
        public void Deconstruct(out ZoneRecord zone, out DelegatedTree delegated, out DatasetLimit limits) =>
            (zone, delegated, limits) = (Zone, Delegated, Limits);
    }

    /// <summary>The reprovision ran, vmadm booted the zone, and the stop that should bring it back to stopped failed: say all three and the state now.</summary>
    private static ZoneDelegationException StopAgainFailed(ComputeNodeConnection connection, ZoneReprovisionPlan plan, NativeCommandException failure)
    {
        var zone = plan.Zone;
        var state = ZoneRecord.ReadStateForReport(connection, zone.Uuid, "in no state vmadm shows");

        var detail = string.IsNullOrWhiteSpace(failure.StandardError) ? failure.Message : failure.StandardError.Trim();
        return new ZoneDelegationException(failure.ErrorId, failure.Category,
            $"Zone {zone.Uuid} on {zone.ComputeNode} was reprovisioned with image {plan.ImageUuid:D} and booted by vmadm, as vmadm always does, " +
            $"but stopping it again failed ({failure.CommandLine}): {detail}. The zone is now {state}; it was {zone.State ?? "not running"} before.",
            zone.Uuid.Value, $"Stop it with vmadm stop {zone.Uuid} once the cause is fixed, then check it with Get-SafeZone.", failure);
    }

    private static void Compare(List<string> differences, string property, ulong? before, ulong? after)
    {
        if (before != after)
        {
            differences.Add($"{property} is {DatasetLimitVerifier.Show(after)}, was {DatasetLimitVerifier.Show(before)}");
        }
    }
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Update-ZoneImage: <c>vmadm reprovision</c> with a new image, which keeps the delegated dataset
/// (smartos-live VM.js reprovision; RFD 44 "future work"). The plan says what RFD 44 asks to make clear: every root
/// snapshot is destroyed with the old root, the root is replaced, <c>/data</c> is kept. It refuses what
/// vmadm refuses (more than one delegated dataset, one that is not <c>&lt;root&gt;/data</c>,
/// indestructible_zoneroot) and HVM brands. vmadm ALWAYS boots the zone at the end (VM.js reprovision calls
/// installZone with autoboot true, which ends in VM.start), so a zone that was not running is stopped again with
/// <c>vmadm stop</c> and ends stopped, as the operator left it; the plan says it is booted in between.
/// Afterwards the delegated datasets' guids and snapshots, the limits, the quota, limit_priv and the zone's state
/// are read back (tools that move datasets lose limits): any difference is VerificationFailed.
/// </summary>
public static class ZoneReprovisioner
{
    public static ZoneReprovisionPlan Plan(ComputeNodeConnection connection, string zone, Guid imageUuid)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var uuid = ZoneUuid.Parse(zone);
        if (imageUuid == Guid.Empty)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
                "The image UUID is all zeros.", imageUuid, "Give the UUID of an image installed on the compute node (imgadm list).");
        }

        var record = ZoneRecord.ReadForChange(connection, uuid, "reprovision", refuseKvm: false);
        var root = record.ZoneRoot;
        var refusal = record.IsKvm || record.IsBhyve ? $"it is a {record.Brand} VM; this module reprovisions OS zones only"
            : record.Datasets.Count > 1 ? $"it has {record.Datasets.Count} delegated datasets ({string.Join(", ", record.Datasets)}); vmadm keeps only one"
            : record.Datasets.Count == 1 && record.Datasets[0] != root.Value + "/data" ? $"its delegated dataset is {record.Datasets[0]}, and vmadm keeps only {root}/data"
            : record.IndestructibleZoneroot ? "indestructible_zoneroot is set"
            : null;
        if (refusal is not null)
        {
            throw new ZoneDelegationException(ErrorIds.ReprovisionNotSupported, ZoneErrorCategory.InvalidOperation,
                $"Cannot reprovision zone {uuid} on {record.ComputeNode}: {refusal}.", uuid.Value,
                record.IndestructibleZoneroot
                    ? $"Unset it first if you mean it: vmadm update {uuid} indestructible_zoneroot=false."
                    : "vmadm reprovision refuses this zone too.");
        }

        var destroyed = RootSnapshotReader.Read(connection.Transport, record);
        var delegatedBefore = DelegatedTree.Read(connection.Transport, record.Datasets);
        var limits = DatasetLimitReader.Read(connection, record.Location);

        var summary = $"Reprovision zone {uuid} from image {record.ImageUuid ?? "(none)"} to image {imageUuid:D}: the zone root {root} is replaced " +
                      $"by a new clone of the image" +
                      (destroyed.Count == 0 ? "; it has no snapshots" : $"; every root snapshot is destroyed with it: {string.Join(", ", destroyed)}") +
                      (record.HasDatasets
                          ? $"; {record.Datasets[0]} is kept as it is, with its {delegatedBefore.SnapshotCount} snapshots"
                          : "; the zone has no delegated dataset") +
                      $"; snapshot_limit {Show(limits.SnapshotLimit)}, filesystem_limit {Show(limits.FilesystemLimit)}, quota {Show(limits.Quota)} " +
                      $"and limit_priv {record.LimitPriv} stay. " + (record.IsRunning
                          ? "The zone is running: vmadm shuts it down (and halts it if it is not down within 60 s), and boots it again at the end."
                          : $"The zone is {record.State ?? "not running"}, but vmadm boots it at the end of every reprovision, and the new image's " +
                            "first-boot setup runs; it is then shut down again with vmadm stop, so it ends stopped.");
        var steps = new List<PlannedCommand>
        {
            new("reprovision the zone with the new image (payload on stdin); vmadm boots the zone at the end", VmadmLifecycleCommands.Reprovision(uuid, imageUuid)),
        };
        if (!record.IsRunning)
        {
            steps.Add(new PlannedCommand("stop the zone again, as it was before (a clean shutdown)", VmadmLifecycleCommands.Stop(uuid)));
        }

        var plan = new ChangePlan(record.ComputeNode, $"zone {uuid} ({root})", summary, steps);
        return new ZoneReprovisionPlan(plan, record, imageUuid, destroyed, delegatedBefore, limits);
    }

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
            differences.Add($"{property} is {Show(after)}, was {Show(before)}");
        }
    }

    private static string Show(ulong? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Reprovision;

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
/// Run the plan with <see cref="ZoneReprovisionApplier"/>.
/// </summary>
internal static class ZoneReprovisionPlanner
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
                      $"; snapshot_limit {DatasetLimitVerifier.Show(limits.SnapshotLimit)}, " +
                      $"filesystem_limit {DatasetLimitVerifier.Show(limits.FilesystemLimit)}, quota {DatasetLimitVerifier.Show(limits.Quota)} " +
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
}

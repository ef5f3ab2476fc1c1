using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// New-ZoneSnapshot. A zone without datasets goes through <c>vmadm create-snapshot</c>, as vmadm does it.
/// A zone with a delegated dataset (which vmadm refuses: "Cannot currently snapshot zones that have
/// datasets") gets RFD 44's semantics: <c>zfs snapshot &lt;root&gt;@vmsnap-&lt;name&gt;</c> of the zone root
/// alone, never <c>-r</c>, named so vmadm's <c>snapshots</c> list shows it. The delegated data is not in it.
/// Run the plan with <see cref="ZoneSnapshotCreationApplier"/>.
/// </summary>
internal static class ZoneSnapshotCreationPlanner
{
    public const string CoverageWarning =
        "Zone snapshots cover the zone root only: the delegated datasets (<root>/data and below) are not in them and a " +
        "restore never changes them (RFD 44). The zone's admin snapshots its own data; see each snapshot's Excludes.";

    /// <summary>Checks the names, reads the zone, its root snapshots and its snapshot budget; runs nothing else.</summary>
    public static ZoneSnapshotCreationPlan Plan(ComputeNodeConnection connection, string zone, string name, bool force)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var uuid = ZoneUuid.Parse(zone);
        var snapshotName = VmSnapshotName.Parse(name);
        var record = ZoneRecord.ReadForChange(connection, uuid, "snapshot");

        var fullName = record.ZoneRoot.Snapshot(snapshotName.ZfsShortName);
        if (RootSnapshotReader.Read(connection.Transport, record).Any(s => s.ShortName == snapshotName.ZfsShortName))
        {
            throw new ZoneDelegationException(ErrorIds.SnapshotExists, ZoneErrorCategory.ResourceExists,
                $"Zone {uuid} on {record.ComputeNode} already has the snapshot {fullName}.", name,
                "Choose another name, or remove the old one first with Remove-ZoneSnapshot.");
        }

        var limits = DatasetLimitReader.Read(connection, record.Location);
        var warnings = SnapshotBudget.Check(limits, force);

        PlannedCommand step = record.VmadmSnapshotsAllowed
            ? new("snapshot the zone with vmadm", VmadmLifecycleCommands.CreateSnapshot(uuid, snapshotName))
            : new("snapshot the zone root alone (not -r: the delegated datasets stay out)",
                new NativeCommand("zfs", "snapshot", fullName.Value));
        var summary = record.HasDatasets
            ? $"Snapshot the zone root of zone {uuid} as {fullName}. Not in the snapshot: {string.Join(", ", record.Datasets)} (delegated)."
            : $"Snapshot zone {uuid} as {fullName} with vmadm create-snapshot.";
        var plan = new ChangePlan(record.ComputeNode, $"zone {uuid} ({record.ZoneRoot})", summary, [step]);
        return new ZoneSnapshotCreationPlan(plan, record, snapshotName, warnings, limits);
    }
}

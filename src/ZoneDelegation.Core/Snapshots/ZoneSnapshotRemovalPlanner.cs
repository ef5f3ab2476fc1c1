using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// Remove-ZoneSnapshot: destroys one snapshot of a zone, never with <c>-r</c> or <c>-R</c>. Root snapshots
/// only, unless forced: a Delegated snapshot belongs to the zone's admin (DelegatedSnapshotNotOwned). A
/// snapshot with clones is refused, naming them. A vmadm snapshot of a zone without datasets goes through
/// <c>vmadm delete-snapshot</c>; everything else through <c>zfs destroy &lt;dataset&gt;@&lt;name&gt;</c>.
/// Run the plan with <see cref="ZoneSnapshotRemovalApplier"/>.
/// </summary>
internal static class ZoneSnapshotRemovalPlanner
{
    /// <param name="connection">The CN.</param>
    /// <param name="zone">The zone's UUID.</param>
    /// <param name="name">The name after '@' (as Get-ZoneSnapshot shows it), or for a root snapshot the vmadm name.</param>
    /// <param name="dataset">The snapshotted dataset; null for the zone root.</param>
    /// <param name="force">Allows a snapshot below the zone root (the zone admin's).</param>
    public static ZoneSnapshotRemovalPlan Plan(ComputeNodeConnection connection, string zone, string name, string? dataset, bool force)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var uuid = ZoneUuid.Parse(zone);
        var datasetName = dataset is null ? null : DatasetName.Parse(dataset);
        var record = ZoneRecord.ReadForChange(connection, uuid, "delete a snapshot of");
        var root = record.ZoneRoot;
        datasetName ??= root;
        if (!root.Contains(datasetName))
        {
            throw new ZoneDelegationException(ErrorIds.InvalidDatasetName, ZoneErrorCategory.InvalidArgument,
                $"{datasetName} is not a dataset of zone {uuid}, whose datasets are {root} and below.", datasetName.Value,
                "Give -Dataset as Get-ZoneSnapshot shows it, or leave it out for the zone root.");
        }

        var scope = datasetName.Equals(root) ? SnapshotScope.Root
            : root.Child("data").Contains(datasetName) ? SnapshotScope.Delegated
            : SnapshotScope.Other;
        if (scope != SnapshotScope.Root && !force)
        {
            throw new ZoneDelegationException(ErrorIds.DelegatedSnapshotNotOwned, ZoneErrorCategory.PermissionDenied,
                $"{datasetName}@{name} is a snapshot below the zone root of zone {uuid} ({scope}): it belongs to the zone's admin, not to a machine snapshot.",
                $"{datasetName}@{name}", "Leave it to the zone's admin; to destroy it anyway as the operator, add -Force.");
        }

        var snapshot = scope == SnapshotScope.Root
            ? root.Snapshot(RootSnapshotReader.Resolve(RootSnapshotReader.Read(connection.Transport, record), record, name).ShortName)
            : RequireExisting(connection.Transport, record, datasetName.Snapshot(name));

        var clones = SnapshotCloneFinder.Find(connection.Transport, snapshot);
        if (clones.Count > 0)
        {
            throw new ZoneDelegationException(ErrorIds.SnapshotHasClones, ZoneErrorCategory.ResourceUnavailable,
                $"{snapshot} has clones: {string.Join(", ", clones)}. Destroying it would need zfs destroy -R, which would destroy them too.",
                snapshot.Value, "Destroy or promote the clones first (zfs promote makes a clone independent of the snapshot).");
        }

        var vmadmName = VmadmName(snapshot);
        PlannedCommand step = scope == SnapshotScope.Root && record.VmadmSnapshotsAllowed && vmadmName is not null
            ? new("delete the snapshot with vmadm", VmadmLifecycleCommands.DeleteSnapshot(uuid, vmadmName))
            : new("destroy the snapshot (not -r, not -R)", new NativeCommand("zfs", "destroy", snapshot.Value));
        var plan = new ChangePlan(record.ComputeNode, snapshot.Value,
            $"Destroy the {scope.ToString().ToLowerInvariant()} snapshot {snapshot} of zone {uuid}.", [step]);
        return new ZoneSnapshotRemovalPlan(plan, record, snapshot, scope);
    }

    private static VmSnapshotName? VmadmName(SnapshotName snapshot) =>
        snapshot.ShortName.StartsWith(VmSnapshotName.ZfsPrefix, StringComparison.Ordinal)
        && VmSnapshotName.TryParse(snapshot.ShortName[VmSnapshotName.ZfsPrefix.Length..], out var name)
            ? name
            : null;

    private static SnapshotName RequireExisting(ICommandTransport transport, ZoneRecord zone, SnapshotName snapshot) =>
        Exists(transport, snapshot)
            ? snapshot
            : throw new ZoneDelegationException(ErrorIds.SnapshotNotFound, ZoneErrorCategory.ObjectNotFound,
                $"Zone {zone.Uuid} on {zone.ComputeNode} has no snapshot {snapshot}.", snapshot.Value,
                $"List them with Get-ZoneSnapshot -Zone {zone.Uuid}.");

    internal static bool Exists(ICommandTransport transport, SnapshotName snapshot)
    {
        try
        {
            var (output, _) = transport.Run(new NativeCommand("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "createtxg", snapshot.Value));
            return ZfsGetParser.ParseZfsGet(new StringReader(output)).Any(row => row.Name == snapshot.Value);
        }
        catch (NativeCommandException error) when (ZfsCommandFailure.IsDatasetMissing(error))
        {
            return false;
        }
    }
}

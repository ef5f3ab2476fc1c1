using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// What the snapshot and reprovision planners need from one <c>vmadm get</c>: the brand (vmadm's own
/// rules differ for kvm and bhyve), the state (a running zone is stopped around a rollback), the
/// delegated datasets, the image and the indestructible_zoneroot flag.
/// </summary>
internal sealed record ZoneRecord
{
    public required string ComputeNode { get; init; }

    public required ZoneUuid Uuid { get; init; }

    /// <summary>The zone root: vmadm's <c>zfs_filesystem</c> (<see cref="ZoneRootLocator.FromVmObject"/>), on whichever pool the zone was created.</summary>
    public required DatasetName ZoneRoot { get; init; }

    public string? Brand { get; init; }

    /// <summary>vmadm's state: running, stopped, ...</summary>
    public string? State { get; init; }

    /// <summary>vmadm's <c>datasets</c>: what is delegated to the zone.</summary>
    public IReadOnlyList<string> Datasets { get; init; } = [];

    public string? ImageUuid { get; init; }

    public bool IndestructibleZoneroot { get; init; }

    public string LimitPriv { get; init; } = Policy.LimitPriv.OsDefault;

    /// <summary>Where the zone root is, and the brand that decides which property holds vmadm's quota.</summary>
    public ZoneRootLocation Location => new(Uuid, ZoneRoot, Brand);

    public bool IsRunning => State == "running";

    public bool HasDatasets => Datasets.Count > 0;

    public bool IsKvm => Brand == "kvm";

    public bool IsBhyve => Brand == "bhyve";

    /// <summary>One <c>vmadm get</c>; ZoneNotFound when vmadm does not know the zone.</summary>
    public static ZoneRecord Read(ComputeNodeConnection connection, ZoneUuid uuid)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(uuid);
        var facts = ComputeNodeProbe.Get(connection);
        return FromVmadm(facts, uuid, SafeZoneReader.ReadVm(connection, uuid));
    }

    /// <summary>The zone's state as vmadm reports it now, for the error of a failed step; a failed read is said, not thrown.</summary>
    /// <param name="connection">The zone's compute node.</param>
    /// <param name="uuid">The zone.</param>
    /// <param name="noState">What to say when vmadm shows no state.</param>
    public static string ReadStateForReport(ComputeNodeConnection connection, ZoneUuid uuid, string noState)
    {
        try
        {
            return Read(connection, uuid).State ?? noState;
        }
        catch (ZoneDelegationException error)
        {
            return "unknown (vmadm get failed: " + error.Message + ")";
        }
    }

    /// <summary>
    /// The zone before a snapshot, restore or reprovision: vmadm is required (it is what knows the zone's brand,
    /// state and datasets, and what stops and starts it), and kvm is refused as vmadm refuses its snapshots.
    /// </summary>
    public static ZoneRecord ReadForChange(ComputeNodeConnection connection, ZoneUuid uuid, string action, bool refuseKvm = true)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var facts = ComputeNodeProbe.Get(connection);
        if (!facts.HasVmadm)
        {
            throw new ZoneDelegationException(ErrorIds.PlatformNotSupported, ZoneErrorCategory.NotImplemented,
                $"Cannot {action} zone {uuid} on {facts.ComputeNode}: the compute node has no vmadm.", facts.ComputeNode,
                "Zone snapshots, restores and reprovisions need a SmartOS compute node (vmadm); Get-ZoneSnapshot works on any.");
        }

        var record = Read(connection, uuid);
        if (refuseKvm)
        {
            record.RefuseKvm(action);
        }

        return record;
    }

    public static ZoneRecord FromVmadm(ComputeNodeFacts facts, ZoneUuid uuid, JsonObject vm)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(vm);
        var zone = SafeZoneMapper.FromVmadm(facts.ComputeNode, vm, DelegationPolicy.Default);
        return new ZoneRecord
        {
            ComputeNode = facts.ComputeNode,
            Uuid = uuid,
            ZoneRoot = ZoneRootLocator.FromVmObject(facts, uuid, vm).Root,
            Brand = zone.Brand,
            State = zone.State,
            Datasets = zone.DelegatedDatasets,
            ImageUuid = VmObjectFields.ReadString(vm, "image_uuid"),
            IndestructibleZoneroot = vm["indestructible_zoneroot"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True,
            LimitPriv = VmObjectFields.ReadString(vm, VmadmProperties.LimitPriv) ?? Policy.LimitPriv.OsDefault,
        };
    }

    /// <summary>True when vmadm itself would take, roll back or delete a snapshot of this zone (VM.js: bhyve and OS VMs without datasets).</summary>
    public bool VmadmSnapshotsAllowed => !IsKvm && !HasDatasets;

    /// <summary>SnapshotNotSupported for kvm, as vmadm refuses it (its zone root is not the VM's disk).</summary>
    public void RefuseKvm(string action)
    {
        if (IsKvm)
        {
            throw new ZoneDelegationException(ErrorIds.SnapshotNotSupported, ZoneErrorCategory.NotImplemented,
                $"Cannot {action} zone {Uuid} on {ComputeNode}: it is a kvm VM, and vmadm supports snapshots only for bhyve and OS VMs.",
                Uuid.Value, "Snapshot a kvm VM's disks (zvols) with zfs yourself, with the VM stopped; this module does not.");
        }
    }
}

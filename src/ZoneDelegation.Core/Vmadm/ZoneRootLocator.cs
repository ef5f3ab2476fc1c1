using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// Finds zone roots the way vmadm knows them. A payload <c>zpool</c> is allowed on create
/// (proptable.js), so a zone's root is <c>&lt;zpool&gt;/&lt;uuid&gt;</c> on whichever pool it was
/// created on: vmadm reports it as <c>zfs_filesystem</c> (vmload <c>addRootDatasetProperties</c>: the
/// dataset mounted at the zonepath). Without vmadm there is nothing to ask, and the root is taken to
/// be <c>&lt;Zpool&gt;/&lt;uuid&gt;</c>.
/// </summary>
internal static class ZoneRootLocator
{
    /// <summary>What <c>vmadm lookup -j -o</c> is asked for.</summary>
    public static IReadOnlyList<string> Fields { get; } = [VmadmProperties.Uuid, "brand", "zfs_filesystem", "zonepath"];

    /// <summary>One zone: <c>vmadm lookup -j -o … uuid=&lt;uuid&gt;</c>; ZoneNotFound when vmadm does not know it.</summary>
    public static ZoneRootLocation Locate(ComputeNodeConnection connection, ZoneUuid zone)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        var facts = ComputeNodeProbe.Get(connection);
        if (!facts.HasVmadm)
        {
            return new ZoneRootLocation(zone, facts.ZoneRoot(zone), null);
        }

        foreach (var vm in connection.Transport.Stream(VmadmCommands.Lookup(Fields, zone), VmadmJsonParser.ParseArray))
        {
            if (ZoneUuid.TryParse(VmObjectFields.TryReadString(vm, VmadmProperties.Uuid), out var uuid) && uuid.Equals(zone))
            {
                return FromVmObject(facts, uuid, vm);
            }
        }

        throw NotFound(zone, facts.ComputeNode);
    }

    /// <summary>ZoneNotFound (ObjectNotFound) for a zone vmadm does not know.</summary>
    public static ZoneDelegationException NotFound(ZoneUuid zone, string computeNode)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new ZoneDelegationException(ErrorIds.ZoneNotFound, ZoneErrorCategory.ObjectNotFound,
            $"There is no zone {zone.Value} on {computeNode}: vmadm does not know it.", zone.Value,
            "Get-SafeZone lists the zones of a compute node; check the UUID and the -ComputeNode.");
    }

    /// <summary>
    /// Every zone of the CN that <paramref name="wanted"/> accepts (all when null), with one
    /// <c>vmadm lookup -j -o …</c> ; null without
    /// vmadm. A zone whose VM object cannot be read is left out: its root is then unknown, as it is to vmadm.
    /// </summary>
    public static IReadOnlyDictionary<ZoneUuid, ZoneRootLocation>? LocateAll(ComputeNodeConnection connection, Func<ZoneUuid, bool>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var facts = ComputeNodeProbe.Get(connection);
        if (!facts.HasVmadm)
        {
            return null;
        }

        var roots = new Dictionary<ZoneUuid, ZoneRootLocation>();
        foreach (var element in connection.Transport.Stream(VmadmCommands.Lookup(Fields), VmadmJsonParser.ParseArrayElements))
        {
            if (element.Vm is null
                || !ZoneUuid.TryParse(VmObjectFields.TryReadString(element.Vm, VmadmProperties.Uuid), out var found)
                || found is not { } uuid
                || (wanted is not null && !wanted(uuid)))
            {
                continue;
            }

            try
            {
                roots[uuid] = FromVmObject(facts, uuid, element.Vm);
            }
            catch (ZoneDelegationException error) when (error.ErrorId == ErrorIds.ParseError)
            {
                // An unreadable zone has no known root; the caller reports it as it does a missing one.
            }
        }

        return roots;
    }

    /// <summary>
    /// The root of a VM object (vmadm get or lookup): <c>zfs_filesystem</c>; when vmload found no dataset
    /// at the zonepath (the root is missing) it has none, and the zonepath without its leading '/' is what
    /// vmload itself assumes (<c>addMissingProperties</c>); without either, <c>&lt;Zpool&gt;/&lt;uuid&gt;</c>.
    /// A name outside the ZFS grammar is a ParseError naming the zone.
    /// </summary>
    public static ZoneRootLocation FromVmObject(ComputeNodeFacts facts, ZoneUuid zone, JsonObject vm)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(vm);
        var brand = VmObjectFields.ReadString(vm, "brand");
        if (VmObjectFields.ReadString(vm, "zfs_filesystem") is { } filesystem)
        {
            return new ZoneRootLocation(zone, DatasetName.TryParse(filesystem, out var root) ? root : throw VmObjectFields.Malformed(vm, "zfs_filesystem"), brand);
        }

        if (VmObjectFields.ReadString(vm, "zonepath") is { Length: > 1 } zonepath && zonepath[0] == '/')
        {
            return new ZoneRootLocation(zone, DatasetName.TryParse(zonepath[1..], out var root) ? root : throw VmObjectFields.Malformed(vm, "zonepath"), brand);
        }

        return new ZoneRootLocation(zone, facts.ZoneRoot(zone), brand);
    }
}

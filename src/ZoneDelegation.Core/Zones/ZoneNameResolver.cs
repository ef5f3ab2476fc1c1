using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Turns -Zone names into zone UUIDs on one CN, for the cmdlets that work by UUID. UUIDs alone need no command;
/// an alias or a wildcard is looked up in one <c>vmadm lookup -j -o uuid,alias</c> per CN, whatever the number of
/// zones. The alias is compared, never put on a command line.
/// </summary>
internal static class ZoneNameResolver
{
    public static IReadOnlyList<string> Fields { get; } = [VmadmProperties.Uuid, "alias"];

    /// <summary>The zones named, in order, and the ZoneNotFound / ZoneAmbiguous of the names that do not name one.</summary>
    public static ZoneResolution Resolve(ComputeNodeConnection connection, IEnumerable<ZoneSelector> selectors, bool oneZoneEach)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(selectors);
        var selection = new ZoneSelection(selectors, oneZoneEach);
        if (selection.AllUuids)
        {
            return new ZoneResolution(selection.Uuids.ToList(), []);
        }

        var facts = ComputeNodeProbe.Get(connection);
        if (!facts.HasVmadm)
        {
            // Only vmadm knows aliases; the UUIDs given still name their zones.
            return new ZoneResolution(selection.Uuids.ToList(),
                selectors.Where(selector => selector.Uuid is null).Distinct().Select(selector => NoVmadm.Error(facts.ComputeNode,
                    $"so zone '{selector.Text}' cannot be found by alias", "Name the zone by its UUID on this compute node.")).ToList());
        }

        foreach (var element in connection.Transport.Stream(VmadmCommands.Lookup(Fields), VmadmJsonParser.ParseArrayElements))
        {
            if (element.Vm is not null && ZoneUuid.TryParse(VmObjectFields.TryReadString(element.Vm, VmadmProperties.Uuid), out var uuid))
            {
                selection.Offer(uuid, SafeZoneMapper.ReadAlias(element.Vm));
            }
        }

        return new ZoneResolution(selection.Named, selection.Problems(facts.ComputeNode).ToList());
    }

    /// <summary>One name that must mean one zone (a per-record change): its UUID, or its ZoneNotFound / ZoneAmbiguous thrown.</summary>
    public static ZoneUuid ResolveOne(ComputeNodeConnection connection, string zone)
    {
        var selector = ZoneSelector.Parse(zone);
        if (selector.Uuid is { } uuid)
        {
            return uuid;
        }

        var resolution = Resolve(connection, [selector], oneZoneEach: true);
        return resolution.Errors.Count > 0 ? throw resolution.Errors[0] : resolution.Zones[0];
    }
}

/// <summary>What <see cref="ZoneNameResolver.Resolve"/> found: the zones, and one error per name that names none (or several).</summary>
internal sealed record ZoneResolution(IReadOnlyList<ZoneUuid> Zones, IReadOnlyList<ZoneDelegationException> Errors);

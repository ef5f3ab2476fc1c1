using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Get-SafeZone's reads: the zones of a CN (<c>vmadm lookup -j -o …</c>, streamed) or one zone
/// (<c>vmadm get</c>), each judged by <see cref="SafeZoneAssessor"/> against the given policy. Read-only.
/// </summary>
internal static class SafeZoneReader
{
    /// <summary>vmadm's stderr for a zone that does not exist (node-vmadm matches the same text).</summary>
    public const string NoSuchZoneMessage = "No such zone configured";

    /// <summary>
    /// Yields each zone that passes <paramref name="filter"/> as a <see cref="SafeZone"/>, in vmadm's order,
    /// and in its place the ParseError of a zone whose VM object cannot be read: one bad zone does not
    /// hide the others. <paramref name="cancellationToken"/> stops the listing command at once (a stopped pipeline).
    /// </summary>
    public static IEnumerable<object> List(ComputeNodeConnection connection, SafeZoneFilter filter, DelegationPolicy policy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(policy);
        return Iterate(connection, filter, policy, cancellationToken);
    }

    private static IEnumerable<object> Iterate(ComputeNodeConnection connection, SafeZoneFilter filter, DelegationPolicy policy,
        CancellationToken cancellationToken)
    {
        // Names are resolved against this same listing: an alias may name several zones, so its zones are held to the end.
        var selection = filter.Zones is { Count: > 0 } names ? new ZoneSelection(names, oneZoneEach: false) : null;
        var uuid = filter.Uuid ?? (selection is { AllUuids: true } && selection.Uuids.Count() == 1 ? selection.Uuids.First() : null);
        var held = new List<(ZoneUuid Uuid, SafeZone Zone)>();
        var command = VmadmCommands.Lookup(VmadmCommands.SafeZoneFields, uuid, filter.OwnerUuid);
        using var elements = connection.Transport.Stream(command, VmadmJsonParser.ParseArrayElements, cancellationToken).GetEnumerator();
        while (true)
        {
            // A lookup that fails is asked about only then (the CN's facts are probed once per connection): no vmadm is said as such.
            try
            {
                if (!elements.MoveNext())
                {
                    break;
                }
            }
            catch (Exception error) when (error is ZoneDelegationException && !ComputeNodeProbe.Get(connection).HasVmadm)
            {
                throw NoVmadm.Error(connection.ComputeNode, "so it has no zones Get-SafeZone can list",
                    "Get-SafeZone reads SmartOS/Triton compute nodes (vmadm); Test-PlatformSupport shows what this one has.");
            }

            var element = elements.Current;
            if (element.Vm is null)
            {
                yield return element.Error!.On(connection.ComputeNode);
                continue;
            }

            object? item;
            try
            {
                var zone = SafeZoneMapper.FromVmadm(connection.ComputeNode, element.Vm, policy);
                var match = selection is null ? ZoneMatch.Named
                    : ZoneUuid.TryParse(zone.Uuid, out var listed) ? selection.Offer(listed, zone.Alias) : ZoneMatch.None;
                if (match == ZoneMatch.Held && filter.Matches(zone))
                {
                    held.Add((ZoneUuid.Parse(zone.Uuid), zone));
                }

                item = match == ZoneMatch.Named && filter.Matches(zone) ? zone : null;
            }
            catch (ZoneDelegationException error)
            {
                item = error.On(connection.ComputeNode);
            }

            if (item is not null)
            {
                yield return item;
            }
        }

        if (selection is null)
        {
            yield break;
        }

        foreach (var (zoneUuid, zone) in held)
        {
            if (selection.IsNamed(zoneUuid))
            {
                yield return zone;
            }
        }

        foreach (var problem in selection.Problems(connection.ComputeNode))
        {
            yield return problem;
        }
    }

    public static SafeZone Get(ComputeNodeConnection connection, ZoneUuid uuid, DelegationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(policy);
        return SafeZoneMapper.FromVmadm(connection.ComputeNode, ReadVm(connection, uuid), policy);
    }

    /// <summary><c>vmadm get</c> as a JSON object; ZoneNotFound when vmadm does not know the zone.</summary>
    public static JsonObject ReadVm(ComputeNodeConnection connection, ZoneUuid uuid)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(uuid);
        try
        {
            var (output, _) = connection.Transport.Run(VmadmCommands.Get(uuid));
            return VmadmJsonParser.ParseObject(new StringReader(output));
        }
        catch (NativeCommandException error) when (error.ExitCode is not null
                                                   && error.StandardError.Contains(NoSuchZoneMessage, StringComparison.Ordinal))
        {
            throw new ZoneDelegationException(ErrorIds.ZoneNotFound, ZoneErrorCategory.ObjectNotFound,
                $"Zone {uuid.Value} does not exist on {connection.ComputeNode}.", uuid.Value,
                "List the zones of the compute node with Get-SafeZone and check the UUID.", error);
        }
    }
}

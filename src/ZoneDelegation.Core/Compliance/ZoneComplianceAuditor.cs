using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Compliance;

/// <summary>
/// Test-ZoneCompliance: every zone of a CN judged by <see cref="SafeZoneAssessor"/> with all the
/// evidence, in a fixed number of commands whatever the zone count: the CN's facts and platform checks
/// (once per connection, kept with it), one <c>zfs get</c> over the zone roots, one
/// <c>vmadm lookup -j</c>. The lookup is streamed; only the zfs values of the zone roots are kept
/// (see <see cref="DatasetLimitReader.ReadZoneRoots"/>). Read-only.
/// </summary>
public static class ZoneComplianceAuditor
{
    /// <summary>
    /// Yields a <see cref="ZoneCompliance"/> per zone (vmadm's order), then the ZoneNotFound exception of
    /// each zone in <paramref name="zones"/> the CN does not have. Null zones: every zone of the CN.
    /// </summary>
    public static IEnumerable<object> Audit(ComputeNodeConnection connection, DelegationPolicy policy, IReadOnlyCollection<ZoneUuid>? zones = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(policy);
        var facts = ComputeNodeProbe.Get(connection);
        if (!facts.HasVmadm)
        {
            throw new ZoneDelegationException(ErrorIds.PlatformNotSupported, ZoneErrorCategory.NotImplemented,
                $"{facts.ComputeNode} has no vmadm, so it has no zones this module can audit.", facts.ComputeNode,
                "Test-ZoneCompliance audits SmartOS/Triton compute nodes; run Test-PlatformSupport for the details.");
        }

        return Iterate(connection, facts, policy, zones?.Distinct().ToArray());
    }

    private static IEnumerable<object> Iterate(ComputeNodeConnection connection, ComputeNodeFacts facts, DelegationPolicy policy, ZoneUuid[]? zones)
    {
        var wanted = zones?.ToHashSet();
        var platform = PlatformSupportTester.Test(connection, MinimumPlatform.ForAnyVersion(policy.MinimumPlatform));
        var roots = DatasetLimitReader.ReadZoneRoots(connection, wanted is null ? null : wanted.Contains);

        // One zone narrows the lookup on the CN; several are filtered here (vmadm lookup matches one value per key).
        var lookup = VmadmCommands.Lookup(VmadmCommands.SafeZoneFields, zones is { Length: 1 } ? zones[0] : null);
        var seen = new HashSet<ZoneUuid>();
        foreach (var vm in connection.Transport.Stream(lookup, VmadmJsonParser.ParseArray))
        {
            var record = Judge(facts, policy, platform, roots, vm, wanted);
            if (record is not null)
            {
                seen.Add(ZoneUuid.Parse(record.Zone));
                yield return record;
            }
        }

        foreach (var missing in zones ?? [])
        {
            if (!seen.Contains(missing))
            {
                yield return ZfsCommandFailure.ZoneNotFound(missing, facts.ZoneRoot(missing), facts.ComputeNode);
            }
        }
    }

    private static ZoneCompliance? Judge(ComputeNodeFacts facts, DelegationPolicy policy, PlatformSupport platform,
        IReadOnlyDictionary<string, DatasetLimit> roots, JsonObject vm, HashSet<ZoneUuid>? wanted)
    {
        var config = ZoneDelegationConfig.FromVmadmObject(vm);
        if (!ZoneUuid.TryParse(config.Uuid, out var uuid))
        {
            throw new Zfs.Parsing.ParseException(VmadmJsonParser.LookupSource, 0, "a VM object has no valid uuid.", vm.ToJsonString());
        }

        if (wanted is not null && !wanted.Contains(uuid))
        {
            return null;
        }

        var rootName = SafeZoneMapper.ReadString(vm, "zfs_filesystem") ?? facts.ZoneRoot(uuid).Value;
        var evidence = new AssessmentEvidence { Platform = platform, ZoneRoot = roots.GetValueOrDefault(rootName) };
        var assessment = SafeZoneAssessor.Assess(config, policy, evidence);
        return ZoneCompliance.From(facts.ComputeNode, uuid.Value, SafeZoneMapper.ReadString(vm, "alias"),
            SafeZoneMapper.ReadString(vm, "state"), assessment);
    }
}

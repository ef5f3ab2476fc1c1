using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Compliance;

/// <summary>
/// Test-ZoneCompliance: every zone of a CN judged by <see cref="SafeZoneAssessor"/> with all the
/// evidence, in a fixed number of commands whatever the zone count: the CN's facts and platform checks
/// (once per connection, kept with it), one <c>vmadm lookup</c> of where the zone roots are and one
/// <c>zfs get</c> over them (on every pool that holds one), one read of the limit set every running zone
/// booted with (<see cref="BootedLimitSetReader"/>), one <c>vmadm lookup -j</c> of the zones. The lookup is streamed; only the zfs values of the zone roots are kept
/// (see <see cref="DatasetLimitReader.ReadZoneRoots"/>). Read-only.
/// </summary>
internal static class ZoneComplianceAuditor
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
            throw NoVmadm.Error(facts.ComputeNode, "so it has no zones this module can audit",
                "Test-ZoneCompliance audits SmartOS/Triton compute nodes; run Test-PlatformSupport for the details.");
        }

        return Iterate(connection, facts, policy, zones?.Distinct().ToArray());
    }

    private static IEnumerable<object> Iterate(ComputeNodeConnection connection, ComputeNodeFacts facts, DelegationPolicy policy, ZoneUuid[]? zones)
    {
        var wanted = zones?.ToHashSet();
        var platform = PlatformSupportTester.Test(connection, MinimumPlatform.ForAnyVersion(policy.MinimumPlatform));
        var roots = DatasetLimitReader.ReadZoneRoots(connection, wanted is null ? null : wanted.Contains);
        var booted = BootedLimitSetReader.Read(connection);

        // One zone narrows the lookup on the CN; several are filtered here (vmadm lookup matches one value per key).
        var lookup = VmadmCommands.Lookup(VmadmCommands.ComplianceFields, zones is { Length: 1 } ? zones[0] : null);
        var seen = new HashSet<ZoneUuid>();
        foreach (var element in connection.Transport.Stream(lookup, VmadmJsonParser.ParseArrayElements))
        {
            // A zone whose VM object cannot be read is that zone's ParseError; the audit goes on with the next.
            object? item;
            if (element.Vm is null)
            {
                item = Wanted(element.ZoneUuid, wanted, seen) ? element.Error!.On(facts.ComputeNode) : null;
            }
            else
            {
                try
                {
                    item = Judge(facts, policy, platform, roots, booted, element.Vm, wanted);
                    if (item is ZoneCompliance record)
                    {
                        seen.Add(ZoneUuid.Parse(record.Zone));
                    }
                }
                catch (ZoneDelegationException error)
                {
                    item = Wanted(VmObjectFields.ZoneUuidOrNull(element.Vm), wanted, seen) ? error.On(facts.ComputeNode) : null;
                }
            }

            if (item is not null)
            {
                yield return item;
            }
        }

        foreach (var missing in zones ?? [])
        {
            if (!seen.Contains(missing))
            {
                yield return ZoneRootLocator.NotFound(missing, facts.ComputeNode);
            }
        }
    }

    /// <summary>Whether an unreadable zone is one the caller asked about (every zone, or one of <paramref name="wanted"/>); if so it is seen.</summary>
    private static bool Wanted(string? zone, HashSet<ZoneUuid>? wanted, HashSet<ZoneUuid> seen)
    {
        var uuid = ZoneUuid.TryParse(zone, out var parsed) ? parsed : null;
        if (uuid is not null)
        {
            seen.Add(uuid);
        }

        return wanted is null || (uuid is not null && wanted.Contains(uuid));
    }

    private static ZoneCompliance? Judge(ComputeNodeFacts facts, DelegationPolicy policy, PlatformSupport platform,
        IReadOnlyDictionary<string, DatasetLimit> roots, IReadOnlyDictionary<string, IReadOnlySet<string>?> booted, JsonObject vm,
        HashSet<ZoneUuid>? wanted)
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

        var root = ZoneRootLocator.FromVmObject(facts, uuid, vm).Root;
        var state = VmObjectFields.ReadString(vm, "state");

        // A stopped zone boots with its configuration: only a running one can hold an older limit set. A running zone
        // whose set was not read (no zsched listed, or not examinable: it booted or halted between the reads) is unknown,
        // never taken as safe.
        var zonename = VmObjectFields.ReadString(vm, "zonename") ?? uuid.Value;
        var limit = state == "running" ? booted.GetValueOrDefault(zonename) : null;
        var evidence = new AssessmentEvidence
        {
            Platform = platform,
            ZoneRoot = roots.GetValueOrDefault(root.Value),
            BootedWithReceive = limit is null ? null : BootedLimitSetReader.GrantsReceive(limit),
            BootedLimitSetUnknown = state == "running" && limit is null,
        };
        var assessment = SafeZoneAssessor.Assess(config, policy, evidence);
        return ZoneCompliance.From(facts.ComputeNode, uuid.Value, SafeZoneMapper.ReadAlias(vm), state, assessment);
    }
}

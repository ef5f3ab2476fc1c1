using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Builds a <see cref="SafeZone"/> from a vmadm VM object (get or a lookup element). Missing keys and
/// nulls are "not set"; a key of the wrong type is a ParseError (vmadm never writes one).
/// </summary>
internal static class SafeZoneMapper
{
    /// <summary>When <paramref name="zfs"/> is given (New-SafeZone's read-back), the limits and zoned ZFS reports win over vmadm's copy.</summary>
    public static SafeZone FromVmadm(string computeNode, JsonObject vm, DelegationPolicy policy, ZoneDatasetProperties? zfs = null)
    {
        var config = ZoneDelegationConfig.FromVmadmObject(vm);
        if (config.Uuid is null)
        {
            throw new Zfs.Parsing.ParseException(VmadmJsonParser.LookupSource, 0, "a VM object has no uuid.", vm.ToJsonString());
        }

        if (zfs is not null)
        {
            config = config with { SnapshotLimit = ToLong(zfs.SnapshotLimit), FilesystemLimit = ToLong(zfs.FilesystemLimit) };
        }

        var assessment = SafeZoneAssessor.Assess(config, policy);
        return new SafeZone
        {
            ComputeNode = computeNode,
            Uuid = config.Uuid,
            Alias = ReadAlias(vm),
            Brand = config.Brand,
            OwnerUuid = VmObjectFields.ReadString(vm, VmadmProperties.OwnerUuid),
            State = VmObjectFields.ReadString(vm, "state"),
            DelegatedDatasets = config.Datasets,
            SnapshotLimit = ToUlong(config.SnapshotLimit),
            FilesystemLimit = ToUlong(config.FilesystemLimit),
            LimitPriv = assessment.LimitPriv.Text,
            ReceiveAllowed = assessment.ReceiveAllowed,
            Findings = assessment.Findings,
            ZoneRootDataset = zfs?.ZoneRoot ?? VmObjectFields.ReadString(vm, "zfs_filesystem"),
            DataZoned = zfs?.DataZoned,
        };
    }

    /// <summary>
    /// The zone's alias, fit for a terminal: a tenant chooses it (CloudAPI passes it through), so its
    /// control characters are removed and its line breaks and tabs become spaces before any view, error or
    /// completion shows it (a newline in an alias could forge a line of Format-List).
    /// </summary>
    internal static string? ReadAlias(JsonObject vm) => TerminalText.CleanLineOrNull(VmObjectFields.ReadString(vm, "alias"));

    private static ulong? ToUlong(long? value) => value is { } v ? (ulong)v : null;

    // ZFS limits above what vmadm can hold exactly are out of the policy's range; keep the exact value as far as long goes.
    private static long? ToLong(ulong? value) => value is { } v ? (long)Math.Min(v, long.MaxValue) : null;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Compares what was read back (vmadm get and ZFS) with the planned payload, in two stages, because vmadm
/// create does not make everything at once: <see cref="BeforeBoot"/> checks what <c>vmadm create</c> itself
/// sets, <see cref="AfterBoot"/> what only the zone's boot sets. <c>zoned</c> on the delegated dataset is
/// of the second kind: VM.js createDelegatedDataset makes <c>&lt;root&gt;/data</c> with <c>zfs create</c> and
/// zonecfg <c>add dataset</c> only, and zoneadmd sets <c>zoned=on</c> when the zone boots (illumos vplat.c
/// validate_datasets). Only what the payload asked for is checked: a plain zone is not held to limits it
/// never asked for.
/// </summary>
internal static class SafeZoneVerifier
{
    /// <summary>What is true once <c>vmadm create</c> returns, before the zone ever booted.</summary>
    public static IReadOnlyList<SafeZoneDifference> BeforeBoot(SafeZonePlan plan, SafeZone readBack, ZoneDatasetProperties zfs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(readBack);
        ArgumentNullException.ThrowIfNull(zfs);
        var payload = plan.Decision.Payload;
        var differences = new List<SafeZoneDifference>();

        void Expect(string property, string? planned, string? actual, StringComparison comparison = StringComparison.Ordinal)
        {
            if (!string.Equals(planned, actual, comparison))
            {
                differences.Add(new SafeZoneDifference(property, planned, actual));
            }
        }

        Expect(VmadmProperties.Uuid, plan.Uuid.Value, readBack.Uuid, StringComparison.OrdinalIgnoreCase);
        Expect("zfs_filesystem", plan.ZoneRootDataset.Value, readBack.ZoneRootDataset);
        if (Text(payload[VmadmProperties.Brand]) is { } brand)
        {
            Expect(VmadmProperties.Brand, brand, readBack.Brand);
        }

        if (Text(payload[VmadmProperties.OwnerUuid]) is { } owner)
        {
            Expect(VmadmProperties.OwnerUuid, owner, readBack.OwnerUuid, StringComparison.OrdinalIgnoreCase);
        }

        if (DelegatedDataset(plan) is { } data)
        {
            Expect(VmadmProperties.Datasets, data, readBack.DelegatedDatasets.Contains(data, StringComparer.Ordinal)
                ? data
                : readBack.DelegatedDatasets.Count == 0 ? null : string.Join(",", readBack.DelegatedDatasets));
            Expect($"dataset {data}", "exists", zfs.DataExists ? "exists" : null);
        }

        ExpectLimit(payload, VmadmProperties.SnapshotLimit, zfs.SnapshotLimit, differences, "snapshot_limit");
        ExpectLimit(payload, VmadmProperties.FilesystemLimit, zfs.FilesystemLimit, differences, "filesystem_limit");

        if (payload.ContainsKey(VmadmProperties.LimitPriv) && LimitPriv.TryAnalyze(payload[VmadmProperties.LimitPriv], out var planned))
        {
            // Compared token by token as vmadm stores them; the read-back text is already normalised the same way.
            Expect(VmadmProperties.LimitPriv, planned.Text, readBack.LimitPriv);
        }

        if (plan.Decision.SafeRequested && readBack.ReceiveAllowed && differences.All(d => d.Property != VmadmProperties.LimitPriv))
        {
            differences.Add(new SafeZoneDifference(VmadmProperties.LimitPriv, "without sys_fs_import", readBack.LimitPriv));
        }

        return differences;
    }

    /// <summary>
    /// What only the boot sets, read back after <c>vmadm start</c>: the zone runs, and its delegated dataset
    /// is <c>zoned=on</c> (so the global zone never mounts it where the zone admin points its mountpoint).
    /// </summary>
    public static IReadOnlyList<SafeZoneDifference> AfterBoot(SafeZonePlan plan, SafeZone readBack, ZoneDatasetProperties zfs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(readBack);
        ArgumentNullException.ThrowIfNull(zfs);
        var differences = new List<SafeZoneDifference>();
        if (!string.Equals(readBack.State, "running", StringComparison.Ordinal))
        {
            differences.Add(new SafeZoneDifference("state", "running", readBack.State));
        }

        if (DelegatedDataset(plan) is { } data && zfs.DataZoned != true)
        {
            differences.Add(new SafeZoneDifference($"zoned ({data})", "on", zfs.DataZoned switch { false => "off", _ => null }));
        }

        return differences;
    }

    /// <summary><c>&lt;root&gt;/data</c> when the payload delegates a dataset, else null.</summary>
    private static string? DelegatedDataset(SafeZonePlan plan) =>
        plan.Decision.Payload[VmadmProperties.DelegateDataset]?.GetValueKind() == JsonValueKind.True ? plan.ZoneRootDataset.Value + "/data" : null;

    private static void ExpectLimit(JsonObject payload, string property, ulong? actual, List<SafeZoneDifference> differences, string zfsProperty)
    {
        if (!payload.ContainsKey(property) || !ZoneLimitValue.TryRead(payload[property], out var planned))
        {
            return;
        }

        if (actual != (ulong)planned)
        {
            differences.Add(new SafeZoneDifference($"{property} ({zfsProperty} on the zone root)",
                planned.ToString(CultureInfo.InvariantCulture), actual?.ToString(CultureInfo.InvariantCulture) ?? "none"));
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}

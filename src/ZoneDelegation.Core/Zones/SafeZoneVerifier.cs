using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// Compares what was read back after <c>vmadm create</c> (vmadm get and ZFS) with the planned payload.
/// Only what the payload asked for is checked: a plain zone is not held to limits it never asked for.
/// </summary>
public static class SafeZoneVerifier
{
    public static IReadOnlyList<SafeZoneDifference> Compare(SafeZonePlan plan, SafeZone readBack, ZoneDatasetProperties zfs)
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

        if (payload[VmadmProperties.DelegateDataset]?.GetValueKind() == JsonValueKind.True)
        {
            var data = plan.ZoneRootDataset.Value + "/data";
            Expect(VmadmProperties.Datasets, data, readBack.DelegatedDatasets.Contains(data, StringComparer.Ordinal)
                ? data
                : readBack.DelegatedDatasets.Count == 0 ? null : string.Join(",", readBack.DelegatedDatasets));
            Expect($"zoned ({data})", "on", zfs.DataZoned switch { true => "on", false => "off", null => null });
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

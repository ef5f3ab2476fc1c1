using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;


namespace ZoneDelegation.Core.Limits;

/// <summary>
/// Set-DatasetLimit, planning half: reads what is in place, then plans only what differs. With vmadm,
/// one <c>vmadm update &lt;uuid&gt;</c> with a JSON payload on stdin keeps the VM's configuration in step
/// (<c>""</c> unsets a limit: never null, which platforms before OS-8178 read as 0, smartos-live
/// <c>src/vm/node_modules/VM.js</c> <c>normalizePayload</c> before commit f3769f1d); without it, one
/// <c>zfs set</c> per property. Run the plan with <see cref="DatasetLimitApplier"/>.
/// </summary>
internal static class DatasetLimitPlanner
{
    public const ulong GiB = 1UL << 30;

    private const string VmadmQuota = "quota";

    // feature@filesystem_limits never deactivates once enabled, so one passing check per connection
    // serves a whole bulk run; a failing check is not remembered and is asked again.
    // Kept per pool: a zone may live on a pool other than sysinfo's Zpool.
    private static readonly ConditionalWeakTable<ComputeNodeConnection, HashSet<string>> LimitSupportConfirmed = new();

    public static DatasetLimitPlan Plan(ComputeNodeConnection connection, DatasetLimitRequest request)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        ValidateValues(request);

        var facts = ComputeNodeProbe.Get(connection);
        if (facts.HasVmadm && request.Quota.Action == LimitAction.Set)
        {
            // vmadm sets quotas in whole GiB: one rule for sizes across the module.
            ByteSize.ToWholeUnits(checked((long)request.Quota.Value), ByteSize.Gibibyte, DatasetLimitChange.QuotaName);
        }

        // The zone root is where vmadm says (its zfs_filesystem), on whichever pool the zone was created.
        var location = ZoneRootLocator.Locate(connection, request.Zone);
        if (request.TouchesLimits)
        {
            RequireLimitSupport(connection, facts, location.Root.Pool);
        }

        if (facts.HasVmadm && location.IsBhyve && request.Quota.Action == LimitAction.Clear)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument,
                $"The quota of zone {request.Zone} cannot be cleared: it is a bhyve VM, and vmadm always gives one a quota " +
                "(VM.js setQuotaBhyve sets refquota to the larger of the quota asked for and 1 GiB, and computes quota from the disks).",
                request.Zone.Value, "Give -Quota with the size the zone root's own data may use (1GB or more) instead of -Clear Quota.");
        }

        var before = DatasetLimitReader.Read(connection, location);
        var changes = new List<Change>();
        AddIfDifferent(changes, "snapshot_limit", VmadmProperties.SnapshotLimit, request.SnapshotLimit, before.SnapshotLimit);
        AddIfDifferent(changes, "filesystem_limit", VmadmProperties.FilesystemLimit, request.FilesystemLimit, before.FilesystemLimit);
        AddIfDifferent(changes, before.QuotaProperty, VmadmQuota, request.Quota, before.Quota);

        var root = location.Root;
        var steps = changes.Count == 0 ? []
            : facts.HasVmadm ? [VmadmUpdate(request.Zone, changes)]
            : changes.Select(change => ZfsSet(root, change)).ToArray();
        var summary = changes.Count == 0
            ? $"The limits of zone {request.Zone} are already as requested; nothing to change."
            : $"Change the limits of zone {request.Zone}: " +
              string.Join(", ", changes.Select(c => $"{c.ZfsProperty} {DatasetLimitVerifier.Show(c.From)} -> {DatasetLimitVerifier.Show(c.To)}")) + ".";
        var plan = new ChangePlan(facts.ComputeNode, $"zone {request.Zone} ({root})", summary, steps);
        return new DatasetLimitPlan(plan, Warnings(request), request, before, location);
    }

    /// <summary>Checks that need no compute node: limits vmadm can hold exactly, and no 0-byte quota.</summary>
    public static void ValidateValues(DatasetLimitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckLimit("snapshot limit", request.SnapshotLimit);
        CheckLimit("filesystem limit", request.FilesystemLimit);
        if (request.Quota.Action == LimitAction.Set && request.Quota.Value == 0)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument,
                "A quota of 0 bytes is not a quota: zfs and vmadm read 0 as \"no quota\".", 0UL,
                "To remove the quota, clear it (-Clear); otherwise give a size such as 10GB.");
        }
    }

    private static void CheckLimit(string what, LimitSetting setting)
    {
        if (setting.Action == LimitAction.Set && setting.Value > (ulong)ZoneLimitValue.MaxExact)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument,
                $"A {what} of {setting.Value} is too large: vmadm holds numbers exactly only up to {ZoneLimitValue.MaxExact}.",
                setting.Value, $"Give a {what} from 0 to {ZoneLimitValue.MaxExact}, or clear it for no limit.");
        }
    }

    private static void RequireLimitSupport(ComputeNodeConnection connection, ComputeNodeFacts facts, string pool)
    {
        var confirmed = LimitSupportConfirmed.GetValue(connection, _ => new HashSet<string>(StringComparer.Ordinal));
        lock (confirmed)
        {
            if (confirmed.Contains(pool))
            {
                CommandNotices.Debug(connection.ComputeNode, $"limit support cache: pool {pool} passed its limit checks earlier on this connection; not asked again.");
                return;
            }
        }

        CommandNotices.Debug(connection.ComputeNode, $"limit support cache: pool {pool} not confirmed yet on this connection; checks its limit support (a pass is kept, a failure asked again).");

        var failed = PlatformSupportTester.CheckLimitSupport(connection.Transport, facts, pool).Where(check => !check.Passed).ToArray();
        if (failed.Length > 0)
        {
            throw new ZoneDelegationException(ErrorIds.PlatformNotSupported, ZoneErrorCategory.NotEnabled,
                $"{facts.ComputeNode} cannot hold snapshot or filesystem limits: " + string.Join(" ", failed.Select(c => c.Reason)),
                facts.ComputeNode,
                $"Run Test-PlatformSupport -ComputeNode {facts.ComputeNode} for every check. A quota alone can be set on this platform.");
        }

        lock (confirmed)
        {
            confirmed.Add(pool);
        }
    }

    private static List<string> Warnings(DatasetLimitRequest request)
    {
        var warnings = new List<string>();
        if (request.SnapshotLimit is { Action: LimitAction.Set, Value: 0 })
        {
            warnings.Add($"A snapshot limit of 0 on zone {request.Zone}: the zone can then never take a snapshot.");
        }

        if (request.FilesystemLimit is { Action: LimitAction.Set, Value: 0 })
        {
            warnings.Add($"A filesystem limit of 0 on zone {request.Zone}: the zone can then never create a filesystem.");
        }

        return warnings;
    }

    private static void AddIfDifferent(List<Change> changes, string zfsProperty, string vmadmProperty, LimitSetting setting, ulong? current)
    {
        if (!setting.IsKeep && setting.Desired != current)
        {
            changes.Add(new Change(zfsProperty, vmadmProperty, current, setting.Desired));
        }
    }

    private static PlannedCommand VmadmUpdate(ZoneUuid zone, List<Change> changes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var change in changes)
            {
                if (change.VmadmProperty == VmadmQuota)
                {
                    // vmadm quota is whole GiB; 0 means none (vmadm then runs zfs set quota=none). For bhyve
                    // vmadm sets refquota and computes quota, reservation and refreservation (VM.js setQuotaBhyve).
                    json.WriteNumber(change.VmadmProperty, (change.To ?? 0) / GiB);
                }
                else if (change.To is { } limit)
                {
                    json.WriteNumber(change.VmadmProperty, limit);
                }
                else
                {
                    json.WriteString(change.VmadmProperty, string.Empty);
                }
            }

            json.WriteEndObject();
        }

        var payload = Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        var command = new NativeCommand("vmadm", "update", zone.Value) { StandardInput = payload };
        return new PlannedCommand($"update the VM's {string.Join(", ", changes.Select(c => c.VmadmProperty))} with vmadm (payload {payload.TrimEnd()})", command);
    }

    private static PlannedCommand ZfsSet(DatasetName root, Change change)
    {
        var value = change.To?.ToString(CultureInfo.InvariantCulture) ?? "none";
        return new PlannedCommand($"{(change.To is null ? "clear" : "set")} {change.ZfsProperty} on the zone root",
            new NativeCommand("zfs", "set", $"{change.ZfsProperty}={value}", root.Value));
    }

    private sealed record Change(string ZfsProperty, string VmadmProperty, ulong? From, ulong? To);
}

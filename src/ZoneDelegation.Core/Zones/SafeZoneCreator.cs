using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// New-SafeZone in two halves. <see cref="Plan"/> applies the policy, checks the platform for a "safe"
/// request and builds the <c>vmadm create</c> step; it runs only read-only probes, so -WhatIf stops there.
/// <see cref="Apply"/> runs the plan, reads the zone back from vmadm and ZFS, and fails with
/// SafeZoneVerificationFailed when the read-back differs from the plan.
/// </summary>
public static class SafeZoneCreator
{
    /// <summary>vmadm create clones an image and installs a zone: far longer than a query.</summary>
    public static TimeSpan CreateTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <param name="connection">The target CN.</param>
    /// <param name="callerPayload">The vmadm payload as the caller gave it (never changed).</param>
    /// <param name="policy">The delegation policy in force.</param>
    /// <param name="platformTester">Test-PlatformSupport; <see cref="PlatformSupportTester.Test"/> when null (tests inject one).</param>
    public static SafeZonePlan Plan(ComputeNodeConnection connection, JsonObject callerPayload, DelegationPolicy policy,
        Func<ComputeNodeConnection, MinimumPlatform, PlatformSupport>? platformTester = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callerPayload);
        ArgumentNullException.ThrowIfNull(policy);

        // Refusals come first and run nothing on the CN.
        var decision = SafeDelegationTranslator.Translate(callerPayload, policy);
        var payload = decision.Payload;
        var uuid = AssignUuid(payload);

        var facts = ComputeNodeProbe.Get(connection);
        var zoneRoot = uuid.ZoneRoot(ReadZpool(payload) ?? facts.Zpool);

        PlatformSupport? platform = null;
        if (decision.SafeRequested)
        {
            platform = (platformTester ?? PlatformSupportTester.Test)(connection, MinimumPlatform.ForAnyVersion(policy.MinimumPlatform));
            if (!platform.Supported)
            {
                throw new ZoneDelegationException(ErrorIds.PlatformNotSupported, ZoneErrorCategory.NotImplemented,
                    $"{connection.ComputeNode} cannot host a safely delegated dataset: {string.Join(" ", platform.Reasons)}",
                    connection.ComputeNode,
                    "Run Test-PlatformSupport on the compute node for every check; create the zone on a CN that passes them all, " +
                    "or (not safe) use a plain delegate_dataset: true.");
            }
        }

        var plan = new ChangePlan(connection.ComputeNode, $"zone {uuid.Value} ({zoneRoot.Value})", Summary(decision, uuid, zoneRoot),
        [
            new PlannedCommand("create the zone from the payload on stdin", VmadmCommands.Create(payload.ToJsonString(), CreateTimeout)),
        ]);
        return new SafeZonePlan(decision, uuid, zoneRoot, plan, platform, decision.Warnings.Select(w => w.Message).ToArray());
    }

    /// <summary>Runs the plan, then reads the zone back. IsSafe is judged on what was read back, not on what was sent.</summary>
    public static SafeZone Apply(ComputeNodeConnection connection, SafeZonePlan plan, DelegationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        if (!string.Equals(connection.ComputeNode, plan.ComputeNode, StringComparison.Ordinal))
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
                $"The plan is for {plan.ComputeNode}, not {connection.ComputeNode}.", plan.ComputeNode,
                "Apply a plan with the connection it was made with.");
        }

        ChangePlanRunner.Apply(connection.Transport, plan.Plan);

        SafeZone zone;
        ZoneDatasetProperties zfs;
        try
        {
            var vm = SafeZoneReader.ReadVm(connection, plan.Uuid);
            zfs = ZoneDatasetReader.Read(connection.Transport, plan.ZoneRootDataset);
            zone = SafeZoneMapper.FromVmadm(connection.ComputeNode, vm, policy, zfs);
        }
        catch (ZoneDelegationException error)
        {
            throw new SafeZoneVerificationException(connection.ComputeNode, plan.Uuid.Value,
                [new SafeZoneDifference("read-back", "the zone and its datasets", "could not be read: " + error.Message)], null, error);
        }

        var differences = SafeZoneVerifier.Compare(plan, zone, zfs);
        return differences.Count == 0
            ? zone
            : throw new SafeZoneVerificationException(connection.ComputeNode, plan.Uuid.Value, differences, zone);
    }

    /// <summary>The caller's uuid (validated, lower case as vmadm stores it), or a new one written into the payload.</summary>
    private static ZoneUuid AssignUuid(JsonObject payload)
    {
        var node = payload[VmadmProperties.Uuid];
        if (node is null)
        {
            var uuid = ZoneUuid.Parse(Guid.NewGuid().ToString("D"));
            payload[VmadmProperties.Uuid] = uuid.Value;
            return uuid;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
                $"uuid is {node.ToJsonString()}; it must be a string.", node.ToJsonString(),
                "Give uuid as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, or leave it out and one is assigned.");
        }

        var given = ZoneUuid.Parse(node.GetValue<string>().ToLowerInvariant());
        payload[VmadmProperties.Uuid] = given.Value;
        return given;
    }

    /// <summary>The payload's zpool when it names one (vmadm accepts it on create); else the CN's sysinfo Zpool applies.</summary>
    private static string? ReadZpool(JsonObject payload)
    {
        var node = payload["zpool"];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String && DatasetName.TryParse(node.GetValue<string>(), out var pool) && pool.IsPoolRoot)
        {
            return pool.Value;
        }

        throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
            $"zpool is {node.ToJsonString()}, which is not a pool name.", node.ToJsonString(),
            "Leave zpool out (the compute node's sysinfo Zpool is used) or give the name of a pool.");
    }

    private static string Summary(DelegationDecision decision, ZoneUuid uuid, DatasetName zoneRoot)
    {
        var payload = decision.Payload;
        var alias = payload["alias"] is JsonValue a && a.GetValueKind() == JsonValueKind.String ? $" '{a.GetValue<string>()}'" : string.Empty;
        return decision.Mode switch
        {
            DelegationMode.Safe =>
                $"Create zone {uuid.Value}{alias} with a safely delegated dataset {zoneRoot.Value}/data " +
                $"(zfs_snapshot_limit {payload[VmadmProperties.SnapshotLimit]?.ToJsonString()}, " +
                $"zfs_filesystem_limit {payload[VmadmProperties.FilesystemLimit]?.ToJsonString()}, " +
                $"limit_priv {payload[VmadmProperties.LimitPriv]?.ToJsonString()}).",
            DelegationMode.Plain =>
                $"Create zone {uuid.Value}{alias} with a delegated dataset {zoneRoot.Value}/data (plain delegate_dataset: true, NOT safe).",
            _ => $"Create zone {uuid.Value}{alias} ({zoneRoot.Value}) without a delegated dataset.",
        };
    }
}

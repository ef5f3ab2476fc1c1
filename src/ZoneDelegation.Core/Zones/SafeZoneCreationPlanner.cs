using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// New-SafeZone in two halves. <see cref="Plan"/> applies the policy, checks the platform for a "safe"
/// request and builds the steps: <c>vmadm create</c> with autoboot false, then (unless the caller asked
/// for autoboot false) <c>vmadm start</c> and <c>vmadm update autoboot=true</c>. It runs only read-only
/// probes, so -WhatIf stops there. <see cref="SafeZoneCreationApplier.Apply"/> creates the zone and verifies it
/// in two stages, as the platform builds it: what <c>vmadm create</c> sets is read back (vmadm and ZFS) and checked before the
/// zone ever boots, and a zone that fails those checks is never booted; then the zone is booted, and what
/// only the boot sets (zoneadmd's <c>zoned=on</c> on the delegated dataset, the running state) is read back
/// and checked. Either failure is SafeZoneVerificationFailed, saying whether the zone was booted and its
/// state. A create or boot that outlives its timeout is never killed: it is reported as possibly still
/// running (CommandMayStillBeRunning), with what could be read back.
/// Run the plan with <see cref="SafeZoneCreationApplier"/>.
/// </summary>
internal static class SafeZoneCreationPlanner
{
    /// <summary>vmadm create clones an image and installs a zone: far longer than a query. The default; New-SafeZone -CreateTimeoutSec changes it.</summary>
    public static TimeSpan CreateTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <param name="connection">The target CN.</param>
    /// <param name="callerPayload">The vmadm payload as the caller gave it (never changed).</param>
    /// <param name="policy">The delegation policy in force.</param>
    /// <param name="platformTester">Test-PlatformSupport; <see cref="PlatformSupportTester.Test"/> when null (tests inject one).</param>
    /// <param name="createTimeout">How long vmadm create and start may take; <see cref="CreateTimeout"/> when null.</param>
    public static SafeZonePlan Plan(ComputeNodeConnection connection, JsonObject callerPayload, DelegationPolicy policy,
        Func<ComputeNodeConnection, MinimumPlatform, PlatformSupport>? platformTester = null, TimeSpan? createTimeout = null)
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

        // Created stopped: it boots only once it is verified (a zone that fails verification never runs).
        var timeout = createTimeout ?? CreateTimeout;
        var boot = ReadAutoboot(payload);
        var created = (JsonObject)payload.DeepClone();
        created[VmadmProperties.Autoboot] = false;
        List<PlannedCommand> steps =
        [
            new PlannedCommand("create the zone, not booted (autoboot false), from the payload on stdin", VmadmCommands.Create(created.ToJsonString(), timeout)),
        ];
        var warnings = decision.Warnings.Select(w => w.Message).ToList();
        var delegated = payload[VmadmProperties.DelegateDataset]?.GetValueKind() == JsonValueKind.True;
        if (boot)
        {
            steps.Add(new PlannedCommand(
                "once what vmadm create sets is verified: boot it" + (delegated ? $" (the boot sets zoned=on on {zoneRoot.Value}/data; checked after it)" : string.Empty),
                VmadmCommands.Start(uuid, timeout)));
            steps.Add(new PlannedCommand("and set autoboot as asked", VmadmCommands.SetAutoboot(uuid, true)));
        }
        else if (delegated)
        {
            warnings.Add($"autoboot is false: the zone is not booted, and zoned=on on {zoneRoot.Value}/data, which the zone's first boot sets " +
                         $"(zoneadmd), is not there yet and is not verified. After the first boot, check it with 'zfs get zoned {zoneRoot.Value}/data'.");
        }

        var plan = new ChangePlan(connection.ComputeNode, $"zone {uuid.Value} ({zoneRoot.Value})", Summary(decision, uuid, zoneRoot), steps);
        return new SafeZonePlan(decision, uuid, zoneRoot, plan, platform, warnings);
    }

    /// <summary>The caller's autoboot (vmadm's default: true). Anything but a boolean is refused.</summary>
    private static bool ReadAutoboot(JsonObject payload)
    {
        var node = payload[VmadmProperties.Autoboot];
        if (node is null)
        {
            return true;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
                $"autoboot is {node.ToJsonString()}; it must be true or false.", node.ToJsonString(),
                "Give autoboot as a boolean, or leave it out (the zone then boots once it is verified, and at every CN boot)."),
        };
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

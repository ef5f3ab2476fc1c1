using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// New-SafeZone in two halves. <see cref="Plan"/> applies the policy, checks the platform for a "safe"
/// request and builds the steps: <c>vmadm create</c> with autoboot false, then (unless the caller asked
/// for autoboot false) <c>vmadm start</c> and <c>vmadm update autoboot=true</c>. It runs only read-only
/// probes, so -WhatIf stops there. <see cref="Apply"/> creates the zone and verifies it in two stages, as
/// the platform builds it: what <c>vmadm create</c> sets is read back (vmadm and ZFS) and checked before the
/// zone ever boots, and a zone that fails those checks is never booted; then the zone is booted, and what
/// only the boot sets (zoneadmd's <c>zoned=on</c> on the delegated dataset, the running state) is read back
/// and checked. Either failure is SafeZoneVerificationFailed, saying whether the zone was booted and its
/// state. A create or boot that outlives its timeout is never killed: it is reported as possibly still
/// running (CommandMayStillBeRunning), with what could be read back.
/// </summary>
public static class SafeZoneCreator
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

    /// <summary>
    /// Creates the zone, checks what the create set, boots it, checks what the boot set (each stage read back
    /// from the CN). IsSafe is judged on what was read back, not on what was sent.
    /// </summary>
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

        var create = plan.Plan.Steps.Take(1).ToList();
        var boot = plan.Plan.Steps.Skip(1).ToList();
        RunWrites(connection, plan, create, "created");

        var (zone, zfs) = Verify(connection, plan, policy, SafeZoneVerifier.BeforeBoot, booted: false);
        if (boot.Count == 0)
        {
            // autoboot false: never booted, so what only the boot sets (zoned on /data) is not there yet; Plan warned.
            return zone;
        }

        RunBoot(connection, plan, boot);
        return Verify(connection, plan, policy, SafeZoneVerifier.AfterBoot, booted: true).Zone;
    }

    /// <summary>
    /// Reads the zone back and applies one stage of checks. A failure is SafeZoneVerificationFailed, saying
    /// whether the zone was booted and its vmadm state; the zone is left in place (and, before boot, never booted).
    /// </summary>
    private static (SafeZone Zone, ZoneDatasetProperties Zfs) Verify(ComputeNodeConnection connection, SafeZonePlan plan, DelegationPolicy policy,
        Func<SafeZonePlan, SafeZone, ZoneDatasetProperties, IReadOnlyList<SafeZoneDifference>> checks, bool booted)
    {
        SafeZone zone;
        ZoneDatasetProperties zfs;
        try
        {
            (zone, zfs) = VerifiedChange.ReadBack(() => ReadBack(connection, plan, policy));
        }
        catch (ZoneDelegationException error)
        {
            throw new SafeZoneVerificationException(connection.ComputeNode, plan.Uuid.Value,
                [new SafeZoneDifference("read-back", "the zone and its datasets", "could not be read: " + error.Message)], null, booted, error);
        }

        var differences = checks(plan, zone, zfs);
        if (differences.Count > 0)
        {
            throw new SafeZoneVerificationException(connection.ComputeNode, plan.Uuid.Value, differences, zone, booted);
        }

        return (zone, zfs);
    }

    /// <summary>
    /// Boots the verified zone and sets autoboot. A step that fails says which, that the zone was created and
    /// passed every check that can be made before a boot, and the zone's state read back; it is left in place.
    /// </summary>
    private static void RunBoot(ComputeNodeConnection connection, SafeZonePlan plan, IReadOnlyList<PlannedCommand> boot)
    {
        try
        {
            RunWrites(connection, plan, boot, "booted");
        }
        catch (NativeCommandException error) when (error.ErrorId != ErrorIds.CommandMayStillBeRunning)
        {
            throw new NativeCommandException(error.ErrorId, error.Category,
                $"Zone {plan.Uuid.Value} was created on {connection.ComputeNode} and passed the checks before its first boot, but " +
                $"{error.CommandLine} failed: {error.Message} {ReadState(connection, plan)} The zone was left in place.",
                connection.ComputeNode, error.CommandLine, error.ExitCode, error.StandardError,
                $"See why with 'vmadm start {plan.Uuid.Value}' on {connection.ComputeNode} (its message) and Get-SafeZone -ComputeNode " +
                $"{connection.ComputeNode} -Uuid {plan.Uuid.Value}; remove it with 'vmadm delete {plan.Uuid.Value}' if it is not wanted.");
        }
    }

    private static (SafeZone Zone, ZoneDatasetProperties Zfs) ReadBack(ComputeNodeConnection connection, SafeZonePlan plan, DelegationPolicy policy)
    {
        var vm = SafeZoneReader.ReadVm(connection, plan.Uuid);
        var zfs = ZoneDatasetReader.Read(connection.Transport, plan.ZoneRootDataset);
        return (SafeZoneMapper.FromVmadm(connection.ComputeNode, vm, policy, zfs), zfs);
    }

    /// <summary>
    /// Runs write steps. One that outlived its timeout (or a Ctrl+C) was not killed: say so, with what
    /// vmadm shows of the zone right now, so the operator knows what is there before doing anything else.
    /// </summary>
    private static void RunWrites(ComputeNodeConnection connection, SafeZonePlan plan, IReadOnlyList<PlannedCommand> steps, string what)
    {
        VerifiedChange.Run(connection.Transport, new ChangePlan(plan.ComputeNode, plan.Plan.Target, plan.Plan.Summary, steps),
            failure => failure.Error is NativeCommandException { ErrorId: ErrorIds.CommandMayStillBeRunning } error
                ? new NativeCommandException(ErrorIds.CommandMayStillBeRunning, ZoneErrorCategory.OperationTimeout,
                    $"Zone {plan.Uuid.Value} may not be fully {what}: {error.Message} {ReadState(connection, plan)}",
                    connection.ComputeNode, error.CommandLine, null, error.StandardError,
                    $"Wait, then check with Get-SafeZone -ComputeNode {connection.ComputeNode} -Uuid {plan.Uuid.Value}; do not create it again while vmadm may still be working on it.")
                : failure.Error);
    }

    /// <summary>What vmadm shows of the zone right now, as a sentence; never throws.</summary>
    private static string ReadState(ComputeNodeConnection connection, SafeZonePlan plan)
    {
        try
        {
            var vm = VerifiedChange.ReadBack(() => SafeZoneReader.ReadVm(connection, plan.Uuid));
            return $"vmadm now shows zone {plan.Uuid.Value} in state '{vm["state"]?.ToString() ?? "unknown"}'.";
        }
        catch (ZoneDelegationException readError)
        {
            return $"vmadm does not show zone {plan.Uuid.Value} yet ({readError.ErrorId}).";
        }
        catch (OperationCanceledException)
        {
            return "It could not be read back.";
        }
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

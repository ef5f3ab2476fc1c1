using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// New-SafeZone, applying half: creates the zone of a <see cref="SafeZonePlan"/> made by <see cref="SafeZoneCreationPlanner"/>,
/// verifies it before and after its first boot.
/// </summary>
internal static class SafeZoneCreationApplier
{
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
}

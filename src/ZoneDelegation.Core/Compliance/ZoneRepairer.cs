using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Compliance;

/// <summary>
/// Repair-SafeZone. <see cref="Plan"/> audits the zones of one CN (a fixed number of reads) and plans,
/// per zone, one <c>vmadm update</c> with the remediation payload on stdin: the policy's limits where
/// a limit is missing or above it, and limit_priv without sys_fs_import (effective at the next boot;
/// with restart, a running zone is then rebooted with <c>vmadm reboot</c>). Nothing else is ever
/// planned: no zfs command, nothing on the delegated dataset. <see cref="Apply"/> runs approved plans
/// and verifies them with one more audit. A zone that is already as the policy wants gets an empty plan,
/// so a second run changes nothing.
/// </summary>
public static class ZoneRepairer
{
    /// <summary>Yields a <see cref="ZoneRepairPlan"/> per zone, or the exception of a zone that could not be audited.</summary>
    public static IEnumerable<object> Plan(ComputeNodeConnection connection, DelegationPolicy policy,
        IReadOnlyCollection<ZoneUuid>? zones, bool restart)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(policy);
        foreach (var item in ZoneComplianceAuditor.Audit(connection, policy, zones))
        {
            yield return item is ZoneCompliance audit ? PlanOne(audit, restart) : item;
        }
    }

    public static ZoneRepairPlan PlanOne(ZoneCompliance audit, bool restart)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var zone = ZoneUuid.Parse(audit.Zone);
        var payload = audit.Remediation;
        var target = $"zone {audit.Zone}" + (audit.Alias is null ? string.Empty : $" ({audit.Alias})");
        if (payload is null)
        {
            var nothing = audit.Compliant
                ? $"Zone {audit.Zone} is compliant; nothing to repair."
                : $"Zone {audit.Zone} has nothing Repair-SafeZone can fix: {string.Join(", ", audit.Findings.Select(f => f.Code))}.";
            return new ZoneRepairPlan(audit, new ChangePlan(audit.ComputeNode, target, nothing, []), null, restarts: false);
        }

        var json = payload.ToJsonString() + "\n";
        var changesLimitPriv = payload.ContainsKey(VmadmProperties.LimitPriv);
        var reboots = restart && changesLimitPriv && audit.State == "running";
        List<PlannedCommand> steps =
        [
            new($"update the VM's {string.Join(", ", payload.Select(p => p.Key))} with vmadm (payload {json.TrimEnd()})",
                VmadmCommands.Update(zone, json)),
        ];
        if (reboots)
        {
            steps.Add(new PlannedCommand("reboot the zone so that the new limit_priv takes effect", VmadmCommands.Reboot(zone)));
        }

        var summary = $"Repair zone {audit.Zone}: " + string.Join(", ", audit.Findings.Where(f => f.Remediable)
            .Select(f => $"{f.Code} ({f.Observed} -> {ExpectedValue(f, payload)})")) + "." +
            (changesLimitPriv
                ? reboots ? " The zone is rebooted so that limit_priv takes effect." : " limit_priv takes effect at the zone's next boot."
                : string.Empty);
        return new ZoneRepairPlan(audit, new ChangePlan(audit.ComputeNode, target, summary, steps), payload, reboots);
    }

    /// <summary>
    /// Runs the approved plans of one CN in order (a failing zone is yielded as its exception and the
    /// others go on), then reads every changed zone back with one audit and yields a
    /// <see cref="ZoneRepairResult"/> per zone, or VerificationFailed naming what is still not fixed.
    /// On Ctrl+C no further zone is started; the failures so far, the stop (ChangeStopped, naming the zone and
    /// the steps that ran) and the read-back results of the zones already changed are yielded first, then the
    /// stop is thrown (OperationCanceledException).
    /// </summary>
    public static IEnumerable<object> Apply(ComputeNodeConnection connection, DelegationPolicy policy, IReadOnlyList<ZoneRepairPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(plans);
        var applied = new List<ZoneRepairPlan>();
        var failures = new List<Exception>();
        var stopped = false;
        foreach (var plan in plans.Where(p => !p.IsEmpty))
        {
            var failure = VerifiedChange.RunUntilFailure(connection.Transport, plan.Plan);
            if (failure is null)
            {
                applied.Add(plan);
                continue;
            }

            failures.Add(failure.Error);
            if (failure.Stopped)
            {
                if (failure.Completed > 0)
                {
                    // Stopped between the update and the reboot: the update ran, so the zone is read back as one repaired without a reboot.
                    applied.Add(PlanOne(plan.Before, restart: false));
                }

                // Ctrl+C: no other zone is started, but the zones already changed are still read back and reported.
                stopped = true;
                break;
            }
        }

        foreach (var failure in failures)
        {
            yield return failure;
        }

        foreach (var result in ReadBack(connection, policy, applied))
        {
            yield return result;
        }

        if (stopped)
        {
            // Everything known is out; now the stop goes on to the caller.
            throw new OperationCanceledException($"Repair-SafeZone on {connection.ComputeNode} was stopped.");
        }
    }

    /// <summary>One audit of the changed zones, where Ctrl+C cannot cancel it, and each zone's verified result.</summary>
    private static IReadOnlyList<object> ReadBack(ComputeNodeConnection connection, DelegationPolicy policy, IReadOnlyList<ZoneRepairPlan> applied)
    {
        if (applied.Count == 0)
        {
            return [];
        }

        var after = VerifiedChange.ReadBack(() => ZoneComplianceAuditor.Audit(connection, policy, applied.Select(p => ZoneUuid.Parse(p.Zone)).ToArray())
            .OfType<ZoneCompliance>()
            .ToDictionary(z => z.Zone, StringComparer.OrdinalIgnoreCase));
        return applied.Select(plan => Verify(plan, after.GetValueOrDefault(plan.Zone))).ToList();
    }

    /// <summary>The result when nothing runs: an empty plan, or one the operator declined.</summary>
    public static ZoneRepairResult Unchanged(ZoneRepairPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new ZoneRepairResult
        {
            ComputeNode = plan.ComputeNode,
            Zone = plan.Zone,
            Changed = false,
            NotFixed = plan.Before.Findings,
        };
    }

    private static object Verify(ZoneRepairPlan plan, ZoneCompliance? after)
    {
        var still = after is null
            ? plan.Fixes
            : after.Findings.Where(f => f.Remediable).ToArray();
        if (still.Count > 0)
        {
            return new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"Zone {plan.Zone} on {plan.ComputeNode} is not repaired after the change: " +
                (after is null ? "it is no longer listed by vmadm." : string.Join("; ", still.Select(f => $"{f.Code}: {f.Observed}, expected {f.Expected}"))),
                plan.Zone,
                "The commands reported success but the zone reads back otherwise (vmadm is known to do this). Run Test-ZoneCompliance to see it, then retry.");
        }

        return new ZoneRepairResult
        {
            ComputeNode = plan.ComputeNode,
            Zone = plan.Zone,
            Changed = true,
            Fixed = plan.Fixes.Select(f => f.Code).ToArray(),
            NotFixed = after!.Findings,
            RestartRequired = plan.ChangesLimitPriv && !plan.Restarts && plan.Before.State == "running",
            Restarted = plan.Restarts,
            Commands = plan.Plan.Steps.Select(s => s.Command.CommandLine).ToArray(),
            After = after,
        };
    }

    private static string ExpectedValue(SafetyFinding finding, JsonObject payload)
    {
        var property = finding.Code switch
        {
            SafetyFindingCode.ReceiveAllowed => VmadmProperties.LimitPriv,
            SafetyFindingCode.SnapshotLimitMissing or SafetyFindingCode.SnapshotLimitAbovePolicy => VmadmProperties.SnapshotLimit,
            _ => VmadmProperties.FilesystemLimit,
        };
        return payload[property] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<long>().ToString(CultureInfo.InvariantCulture),
            JsonValue value => value.GetValue<string>(),
            _ => finding.Expected ?? string.Empty,
        };
    }
}

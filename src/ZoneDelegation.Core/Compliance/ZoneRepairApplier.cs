using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Compliance;

/// <summary>
/// Repair-SafeZone, applying half: runs approved <see cref="ZoneRepairPlan"/>s made by <see cref="ZoneRepairPlanner"/>
/// and verifies them with one more audit.
/// </summary>
internal static class ZoneRepairApplier
{
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

            failures.Add(failure.Stopped ? failure.Error : Explain(connection, policy, plan, failure));
            if (failure.Stopped)
            {
                if (failure.Completed > 0)
                {
                    // Stopped between the update and the reboot: the update ran, so the zone is read back as one repaired without a reboot.
                    applied.Add(ZoneRepairPlanner.PlanOne(plan.Before, restart: false));
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

    /// <summary>
    /// A failed step's error (a reboot cut short by Ctrl+C is CommandMayStillBeRunning), saying which steps ran and
    /// what the zone reads back as now (read where Ctrl+C cannot cancel it).
    /// </summary>
    private static Exception Explain(ComputeNodeConnection connection, DelegationPolicy policy, ZoneRepairPlan plan, StepFailure failure) =>
        VerifiedChange.ReadBack(() => PartialChange.Failed(failure, PartialChange.DescribeReadBack(
            () => ZoneComplianceAuditor.Audit(connection, policy, [ZoneUuid.Parse(plan.Zone)]).OfType<ZoneCompliance>().SingleOrDefault(),
            after => after is null
                ? ["the zone is no longer listed by vmadm"]
                : after.Findings.Where(f => f.Remediable).Select(Describe).ToList())));

    private static string Describe(SafetyFinding finding) => $"{finding.Code}: {finding.Observed}, expected {finding.Expected}";

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
            RestartRequired = plan.PendingReboot,
        };
    }

    private static object Verify(ZoneRepairPlan plan, ZoneCompliance? after)
    {
        // What the plan was to fix and did not. A zone not rebooted keeps its old limit set: PendingReboot is
        // then expected (RestartRequired), not a failure; a zone rebooted must read back without it.
        // A reboot is verified only by a zone read back running with a booted limit set that was read.
        var still = after is null
            ? plan.Fixes
            : after.Findings.Where(f => (f.Remediable && (plan.Restarts || f.CodeValue != SafetyFindingCode.PendingReboot)) ||
                (plan.Restarts && f.CodeValue == SafetyFindingCode.BootedLimitSetUnknown)).ToArray();
        if (plan.Restarts && after is not null && after.State != "running" && still.Count == 0)
        {
            still = [new SafetyFinding(SafetyFindingCode.PendingReboot, $"the zone reads back {after.State ?? "without a state"}, not running, after its reboot.", Remediable: true)
            {
                Observed = after.State ?? "no state",
                Expected = "running",
            }];
        }
        if (still.Count > 0)
        {
            return new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"Zone {plan.Zone} on {plan.ComputeNode} is not repaired after the change: " +
                (after is null ? "it is no longer listed by vmadm." : string.Join("; ", still.Select(Describe))),
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
            RestartRequired = !plan.Restarts && (after!.Findings.Any(f => f.CodeValue == SafetyFindingCode.PendingReboot) ||
                (plan.ChangesLimitPriv && plan.Before.State == "running")),
            Restarted = plan.Restarts,
            Commands = plan.Plan.Steps.Select(s => s.Command.CommandLine).ToArray(),
            After = after,
        };
    }
}

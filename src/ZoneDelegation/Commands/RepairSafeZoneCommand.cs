using System.Management.Automation;
using System.Management.Automation.Host;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Fixes what Test-ZoneCompliance finds remediable: the policy's limits and limit_priv without
/// sys_fs_import, with one vmadm update per zone (payload on stdin). Reads each CN's zones in bulk,
/// asks ShouldProcess per zone with the exact commands, applies, and verifies by reading back.
/// limit_priv takes effect at the zone's next boot; -Restart reboots the running zones whose limit_priv
/// changes now or still waits for a reboot (PendingReboot), confirmed separately, and reads them back.
/// </summary>
[Cmdlet(VerbsDiagnostic.Repair, "SafeZone", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZoneRepairResult))]
public sealed class RepairSafeZoneCommand : FleetCmdlet<ZoneSelector>
{
    private bool yesToAllRestarts;
    private bool noToAllRestarts;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    /// <summary>Reboot the running zones whose limit_priv changes now or is pending a reboot, so that it takes effect now.</summary>
    [Parameter]
    public SwitchParameter Restart { get; set; }

    /// <summary>With -Restart: do not ask before each reboot.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void OnProcessRecord() => Request(Zone, ZoneNames.Parse);

    protected override void OnEndProcessing()
    {
        var policy = LoadPolicyOrStop();

        // Plan every CN in parallel; ShouldProcess is asked here, on the pipeline thread, as plans arrive.
        PlanThenApply<ZoneRepairPlan>(
            (connection, zones) => ZoneNames.Resolve(connection, zones, oneZoneEach: true,
                uuids => ZoneRepairPlanner.Plan(connection, policy, uuids, Restart)),
            Decide,
            (connection, plans) => ZoneRepairApplier.Apply(connection, policy, plans));
    }

    protected override void WriteZoneOutput(object? output)
    {
        if (output is ZoneRepairResult { RestartRequired: true } result)
        {
            WriteWarning($"Zone {result.Zone} on {result.ComputeNode}: limit_priv no longer grants sys_fs_import, " +
                         "but the running zone keeps the limit set it booted with, sys_fs_import included, until its next boot " +
                         "(Test-ZoneCompliance: PendingReboot). Run Repair-SafeZone -Restart to reboot it.");
        }

        base.WriteZoneOutput(output);
    }

    /// <returns>The plan to apply, or null when nothing is to run.</returns>
    private ZoneRepairPlan? Decide(ZoneRepairPlan plan)
    {
        foreach (var finding in plan.NotFixable)
        {
            WriteWarning($"Zone {plan.Zone} on {plan.ComputeNode}: Repair-SafeZone cannot fix {finding.Code}: {finding.Message}");
        }

        if (plan.IsEmpty)
        {
            WriteVerbose($"{plan.Zone}: {plan.Plan.Summary}");
            WriteObject(ZoneRepairApplier.Unchanged(plan));
            return null;
        }

        if (!ShouldProcess(plan.Plan.Target, plan.Plan.Describe()))
        {
            return null;
        }

        // Rebooting a zone interrupts its service: ConfirmImpact High for this path, so it is asked even
        // when the update itself was not (-Force skips the question). Declined: the update alone is applied.
        if (plan.Restarts && !Force && !AskToReboot(plan))
        {
            plan = ZoneRepairPlanner.PlanOne(plan.Before, restart: false);
            if (plan.IsEmpty)
            {
                // The reboot was all there was to do (PendingReboot): nothing runs, and the result says a restart is still required.
                WriteObject(ZoneRepairApplier.Unchanged(plan));
                return null;
            }
        }

        return plan;
    }

    /// <summary>
    /// The reboot question. A host that cannot ask (no UI in a hosted runspace or a remote runner, pwsh
    /// -NonInteractive, a console whose stdin is at end of file) gets No, with a warning: a reboot interrupts the
    /// zone's service, so only an operator's answer or -Force approves it, never a question nobody saw.
    /// </summary>
    private bool AskToReboot(ZoneRepairPlan plan)
    {
        try
        {
            return ShouldContinue(
                $"Reboot zone {plan.Zone} on {plan.ComputeNode} so that its new limit_priv takes effect?",
                "Confirm zone reboot", ref yesToAllRestarts, ref noToAllRestarts);
        }
        catch (Exception unasked) when (unasked is HostException or PSInvalidOperationException or NullReferenceException)
        {
            WriteWarning($"Zone {plan.Zone} on {plan.ComputeNode} was not rebooted: this host cannot ask whether to reboot it " +
                "(no interactive console). Run Repair-SafeZone -Restart -Force to reboot without asking.");
            return false;
        }
    }
}

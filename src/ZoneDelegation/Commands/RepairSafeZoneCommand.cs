using System.Collections.Concurrent;
using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Fixes what Test-ZoneCompliance finds remediable: the policy's limits and limit_priv without
/// sys_fs_import, with one vmadm update per zone (payload on stdin). Reads each CN's zones in bulk,
/// asks ShouldProcess per zone with the exact commands, applies, and verifies by reading back.
/// limit_priv takes effect at the zone's next boot; -Restart reboots running zones (confirmed separately).
/// </summary>
[Cmdlet(VerbsDiagnostic.Repair, "SafeZone", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZoneRepairResult))]
public sealed class RepairSafeZoneCommand : ZoneBatchCmdlet
{
    private readonly ConcurrentDictionary<string, ComputeNodeConnection> connections = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<ZoneRepairPlan>> approved = new(StringComparer.OrdinalIgnoreCase);
    private bool yesToAllRestarts;
    private bool noToAllRestarts;
    private bool applying;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget? ComputeNode { get; set; }

    /// <summary>Reboot running zones whose limit_priv changed, so that it takes effect now.</summary>
    [Parameter]
    public SwitchParameter Restart { get; set; }

    /// <summary>With -Restart: do not ask before each reboot.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [ValidateRangeIfGiven(1, 1000)]
    [BlankMeansNotGiven]
    public int? ThrottleLimit { get; set; }

    protected override void ProcessRecord() => AddToBatch(ComputeNode, Zone);

    protected override void EndProcessing()
    {
        DelegationPolicy policy;
        try
        {
            policy = PolicyAccess.Load(this, null).Policy;
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
            return;
        }

        // Plan every CN in parallel; ShouldProcess is asked here, on the pipeline thread, as plans arrive.
        ForEachBatch(ThrottleLimit ?? DefaultThrottleLimit, (connection, zones, _) =>
        {
            // Plans name the CN as its transport does; the apply phase finds the connection by that name.
            connections[connection.Transport.ComputeNode] = connection;
            return ZoneRepairer.Plan(connection, policy, zones, Restart);
        });
        if (approved.Count == 0)
        {
            return;
        }

        applying = true;
        var targets = approved.Keys.Select(name => new ComputeNodeTarget(connections[name])).ToList();
        ForEachComputeNode(targets, ThrottleLimit ?? DefaultThrottleLimit, (connection, _) => ZoneRepairer.Apply(connection, policy, approved[connection.Transport.ComputeNode]));
    }

    protected override void WriteZoneOutput(object? output)
    {
        switch (output)
        {
            case ZoneRepairPlan plan when !applying:
                Decide(plan);
                break;
            case ZoneRepairResult { RestartRequired: true } result:
                WriteWarning($"Zone {result.Zone} on {result.ComputeNode}: limit_priv no longer grants sys_fs_import, " +
                             "but a running zone keeps its privileges until its next boot. Reboot it, or run Repair-SafeZone -Restart.");
                WriteObject(result);
                break;
            default:
                base.WriteZoneOutput(output);
                break;
        }
    }

    private void Decide(ZoneRepairPlan plan)
    {
        foreach (var finding in plan.NotFixable)
        {
            WriteWarning($"Zone {plan.Zone} on {plan.ComputeNode}: Repair-SafeZone cannot fix {finding.Code}: {finding.Message}");
        }

        if (plan.IsEmpty)
        {
            WriteVerbose($"{plan.Zone}: {plan.Plan.Summary}");
            WriteObject(ZoneRepairer.Unchanged(plan));
            return;
        }

        if (!ShouldProcess(plan.Plan.Target, plan.Plan.Describe()))
        {
            return;
        }

        // Rebooting a zone interrupts its service: ConfirmImpact High for this path, so it is asked even
        // when the update itself was not (-Force skips the question). Declined: the update alone is applied.
        if (plan.Restarts && !Force && !ShouldContinue(
                $"Reboot zone {plan.Zone} on {plan.ComputeNode} so that its new limit_priv takes effect?",
                "Confirm zone reboot", ref yesToAllRestarts, ref noToAllRestarts))
        {
            plan = ZoneRepairer.PlanOne(plan.Before, restart: false);
        }

        if (!approved.TryGetValue(plan.ComputeNode, out var plans))
        {
            approved[plan.ComputeNode] = plans = [];
        }

        plans.Add(plan);
    }
}

using System.Text.Json.Nodes;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Compliance;

/// <summary>
/// What Repair-SafeZone would do to one zone: the exact commands (<see cref="Plan"/>, empty when there
/// is nothing it can fix), the findings they fix, and the findings it cannot fix.
/// </summary>
internal sealed class ZoneRepairPlan
{
    internal ZoneRepairPlan(ZoneCompliance before, ChangePlan plan, JsonObject? payload, bool restarts)
    {
        Before = before;
        Plan = plan;
        Payload = payload;
        Restarts = restarts;
    }

    public string ComputeNode => Before.ComputeNode;

    public string Zone => Before.Zone;

    /// <summary>The audit the plan was made from.</summary>
    public ZoneCompliance Before { get; }

    public ChangePlan Plan { get; }

    /// <summary>True when there is nothing Repair-SafeZone can change: no command runs.</summary>
    public bool IsEmpty => Plan.IsEmpty;

    /// <summary>The plan reboots the zone (-Restart, and a running zone whose limit_priv changes now or is pending a reboot).</summary>
    public bool Restarts { get; }

    /// <summary>The plan changes limit_priv, which takes effect at the zone's next boot.</summary>
    public bool ChangesLimitPriv => Payload?.ContainsKey(VmadmProperties.LimitPriv) == true;

    /// <summary>The zone runs with sys_fs_import until it reboots (the audit's PendingReboot).</summary>
    public bool PendingReboot => Before.Findings.Any(f => f.CodeValue == SafetyFindingCode.PendingReboot);

    /// <summary>The findings this plan fixes: the remediable ones; PendingReboot only when the plan reboots.</summary>
    public IReadOnlyList<SafetyFinding> Fixes =>
        Before.Findings.Where(f => f.Remediable && (Restarts || f.CodeValue != SafetyFindingCode.PendingReboot)).ToArray();

    public IReadOnlyList<SafetyFinding> NotFixable => Before.Findings.Where(f => !f.Remediable).ToArray();

    internal JsonObject? Payload { get; }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Compliance;

/// <summary>
/// Repair-SafeZone. <see cref="Plan"/> audits the zones of one CN (a fixed number of reads) and plans,
/// per zone, one <c>vmadm update</c> with the remediation payload on stdin: the policy's limits where
/// a limit is missing or above it, and limit_priv without sys_fs_import (effective at the next boot;
/// with restart, a running zone is then rebooted with <c>vmadm reboot</c>). A running zone whose limit_priv
/// was fixed before but which still runs with sys_fs_import (PendingReboot) gets the reboot alone, with
/// restart; without it, an empty plan that says so. Nothing else is ever
/// planned: no zfs command, nothing on the delegated dataset. <see cref="ZoneRepairApplier.Apply"/> runs approved plans
/// and verifies them with one more audit. A zone that is already as the policy wants gets an empty plan,
/// so a second run changes nothing.
/// Run the plan with <see cref="ZoneRepairApplier"/>.
/// </summary>
internal static class ZoneRepairPlanner
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
        var pending = audit.Findings.Any(f => f.CodeValue == SafetyFindingCode.PendingReboot);
        var changesLimitPriv = payload?.ContainsKey(VmadmProperties.LimitPriv) == true;

        // A reboot is what makes a running zone take its limit_priv: one that changes now, or one that changed before.
        var reboots = restart && audit.State == "running" && (changesLimitPriv || pending);
        if (payload is null && !reboots)
        {
            var nothing = audit.Compliant
                ? $"Zone {audit.Zone} is compliant; nothing to repair."
                : pending
                    ? $"Zone {audit.Zone} runs with sys_fs_import until it reboots; Repair-SafeZone -Restart reboots it."
                    : $"Zone {audit.Zone} has nothing Repair-SafeZone can fix: {string.Join(", ", audit.Findings.Select(f => f.Code))}.";
            return new ZoneRepairPlan(audit, new ChangePlan(audit.ComputeNode, target, nothing, []), null, restarts: false);
        }

        List<PlannedCommand> steps = [];
        if (payload is not null)
        {
            var json = payload.ToJsonString() + "\n";
            steps.Add(new($"update the VM's {string.Join(", ", payload.Select(p => p.Key))} with vmadm (payload {json.TrimEnd()})",
                VmadmCommands.Update(zone, json)));
        }

        if (reboots)
        {
            steps.Add(new PlannedCommand("reboot the zone so that the new limit_priv takes effect", VmadmCommands.Reboot(zone)));
        }

        var fixes = audit.Findings.Where(f => f.Remediable && (reboots || f.CodeValue != SafetyFindingCode.PendingReboot))
            .Select(f => f.CodeValue == SafetyFindingCode.PendingReboot || payload is null
                ? $"{f.Code} ({f.Observed} -> {f.Expected})"
                : $"{f.Code} ({f.Observed} -> {ExpectedValue(f, payload)})");
        var summary = $"Repair zone {audit.Zone}: " + string.Join(", ", fixes) + "." +
            (reboots
                ? " The zone is rebooted so that limit_priv takes effect."
                : changesLimitPriv ? " limit_priv takes effect at the zone's next boot." : string.Empty);
        return new ZoneRepairPlan(audit, new ChangePlan(audit.ComputeNode, target, summary, steps), payload, reboots);
    }

    private static string ExpectedValue(SafetyFinding finding, JsonObject payload)
    {
        var property = finding.CodeValue switch
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

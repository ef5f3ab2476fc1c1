using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Judges an existing zone's configuration: a safe delegated zone has a delegated dataset, a limit set
/// without sys_fs_import, and both limits set. Any limit value counts (callers may choose their own at
/// create time); the policy supplies the values of the suggested remediation. Used for Get-SafeZone's
/// IsSafe, New-SafeZone's verify-after-create and the fleet audit.
/// </summary>
public static class SafeZoneAssessor
{
    public static SafetyAssessment Assess(ZoneDelegationConfig zone, DelegationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(policy);
        var limitPriv = LimitPriv.Analyze(zone.LimitPriv);
        var findings = new List<SafetyFinding>();

        if (!zone.IsDelegated)
        {
            // Without a delegated dataset there is nothing to receive into or to limit: one finding says it all.
            findings.Add(new SafetyFinding(SafetyFindingCode.NotDelegated,
                "The zone has no delegated dataset; delegate_dataset can only be set when a zone is created.", Remediable: false));
            return new SafetyAssessment(zone, limitPriv, findings, remediation: null);
        }

        var remediation = new JsonObject();
        if (limitPriv.ReceiveAllowed)
        {
            var fixedList = LimitPriv.WithSysFsImportRemoved(limitPriv);
            findings.Add(new SafetyFinding(SafetyFindingCode.ReceiveAllowed,
                $"limit_priv '{limitPriv.Text}' keeps sys_fs_import, so the zone may zfs receive untrusted streams; set it to '{fixedList}' (takes effect at the next boot).",
                Remediable: true));
            remediation[VmadmProperties.LimitPriv] = fixedList;
        }

        if (zone.SnapshotLimit is null)
        {
            findings.Add(new SafetyFinding(SafetyFindingCode.SnapshotLimitMissing,
                $"The zone has no zfs_snapshot_limit; the policy's is {policy.SnapshotLimit}.", Remediable: true));
            remediation[VmadmProperties.SnapshotLimit] = policy.SnapshotLimit;
        }

        if (zone.FilesystemLimit is null)
        {
            findings.Add(new SafetyFinding(SafetyFindingCode.FilesystemLimitMissing,
                $"The zone has no zfs_filesystem_limit; the policy's is {policy.FilesystemLimit}.", Remediable: true));
            remediation[VmadmProperties.FilesystemLimit] = policy.FilesystemLimit;
        }

        return new SafetyAssessment(zone, limitPriv, findings, remediation.Count == 0 ? null : remediation);
    }
}

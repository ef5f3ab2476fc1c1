using System.Globalization;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// The one judge of an existing zone, for Get-SafeZone's IsSafe, New-SafeZone's verify-after-create,
/// Test-ZoneCompliance and Repair-SafeZone. A safe delegated zone has a limit set without sys_fs_import,
/// both limits set and none above the policy's, and an owner on the policy's allow-list. A zone without a
/// delegated dataset has no finding: the rules have nothing to apply to, so IsSafe and Compliant both say true. With more <see cref="AssessmentEvidence"/> it also judges the CN's platform and whether
/// the zone has reached its snapshot limit. Remediable findings get a <c>vmadm update</c> payload.
/// </summary>
internal static class SafeZoneAssessor
{
    public static SafetyAssessment Assess(ZoneDelegationConfig zone, DelegationPolicy policy, AssessmentEvidence? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(policy);
        evidence ??= AssessmentEvidence.None;
        var limitPriv = LimitPriv.Analyze(zone.LimitPriv);
        var findings = new List<SafetyFinding>();

        if (!zone.IsDelegated)
        {
            // One meaning for IsSafe and Compliant (issue 17 item 11): without a delegated dataset the zone has nothing to
            // zfs receive into and nothing the delegation limits apply to, so no delegation rule can be broken.
            return new SafetyAssessment(zone, limitPriv, [], remediation: null);
        }

        var remediation = new JsonObject();
        if (limitPriv.ReceiveAllowed)
        {
            var fixedList = LimitPriv.WithSysFsImportRemoved(limitPriv);
            findings.Add(new SafetyFinding(SafetyFindingCode.ReceiveAllowed,
                $"limit_priv '{limitPriv.Text}' keeps sys_fs_import, so the zone may zfs receive untrusted streams; set it to '{fixedList}' (takes effect at the next boot).",
                Remediable: true)
            {
                Observed = limitPriv.Text,
                Expected = fixedList,
            });
            remediation[VmadmProperties.LimitPriv] = fixedList;
        }
        else if (evidence.BootedWithReceive == true)
        {
            // The configuration is right, but a running zone keeps the limit set it booted with.
            findings.Add(new SafetyFinding(SafetyFindingCode.PendingReboot,
                $"limit_priv '{limitPriv.Text}' no longer grants sys_fs_import, but the zone still runs with the limit set it booted with, " +
                "which holds it: the zone may zfs receive untrusted streams until it reboots. Run Repair-SafeZone -Restart.",
                Remediable: true)
            {
                Observed = "running with sys_fs_import",
                Expected = "rebooted with limit_priv " + limitPriv.Text,
            });
        }

        else if (evidence.BootedLimitSetUnknown)
        {
            findings.Add(new SafetyFinding(SafetyFindingCode.BootedLimitSetUnknown,
                "the zone runs, but the limit set it booted with could not be read (the global zone's ps listed no zsched for it, " +
                "or ppriv could not examine it, as when the zone boots or halts meanwhile): whether it may still zfs receive is unknown. " +
                "Run Test-ZoneCompliance again.",
                Remediable: false)
            {
                Observed = "booted limit set unread",
                Expected = "a booted limit set without sys_fs_import",
            });
        }

        // ZFS's own values win over vmadm's copy when the caller read them (and this zfs has limits).
        var zfs = evidence.ZoneRoot is { LimitsSupported: true } root ? root : null;
        var snapshotLimit = zfs is null ? zone.SnapshotLimit : ToLong(zfs.SnapshotLimit);
        var filesystemLimit = zfs is null ? zone.FilesystemLimit : ToLong(zfs.FilesystemLimit);
        CheckLimit(findings, remediation, "zfs_snapshot_limit", VmadmProperties.SnapshotLimit, snapshotLimit, policy.SnapshotLimit,
            SafetyFindingCode.SnapshotLimitMissing, SafetyFindingCode.SnapshotLimitAbovePolicy);
        CheckLimit(findings, remediation, "zfs_filesystem_limit", VmadmProperties.FilesystemLimit, filesystemLimit, policy.FilesystemLimit,
            SafetyFindingCode.FilesystemLimitMissing, SafetyFindingCode.FilesystemLimitAbovePolicy);

        if (zfs is { SnapshotLimit: { } limit, SnapshotCount: { } count } && count >= limit)
        {
            findings.Add(new SafetyFinding(SafetyFindingCode.SnapshotLimitReached,
                $"The zone has {count} snapshots and its snapshot_limit is {limit}: it cannot take another one. " +
                "Destroying snapshots or raising the limit is the zone owner's or the operator's decision; Repair-SafeZone does neither.",
                Remediable: false)
            {
                Observed = Show(count),
                Expected = $"< {Show(limit)}",
            });
        }

        CheckOwner(findings, zone, policy);
        if (evidence.Platform is { } platform)
        {
            CheckPlatform(findings, platform);
        }

        return new SafetyAssessment(zone, limitPriv, findings, remediation.Count == 0 ? null : remediation);
    }

    private static void CheckLimit(List<SafetyFinding> findings, JsonObject remediation, string name, string vmadmProperty,
        long? actual, long policyLimit, SafetyFindingCode missing, SafetyFindingCode above)
    {
        if (actual is null)
        {
            findings.Add(new SafetyFinding(missing, $"The zone has no {name}; the policy's is {policyLimit}.", Remediable: true)
            {
                Observed = "none",
                Expected = Show(policyLimit),
            });
            remediation[vmadmProperty] = policyLimit;
        }
        else if (actual > policyLimit)
        {
            findings.Add(new SafetyFinding(above, $"The zone's {name} is {actual}, above the policy's {policyLimit}.", Remediable: true)
            {
                Observed = Show(actual.Value),
                Expected = $"<= {Show(policyLimit)}",
            });
            remediation[vmadmProperty] = policyLimit;
        }
    }

    private static void CheckOwner(List<SafetyFinding> findings, ZoneDelegationConfig zone, DelegationPolicy policy)
    {
        // vmadm's default owner when the VM names none; text that is no UUID cannot be on the list either.
        var text = zone.OwnerUuid ?? OwnerUuid.VmadmDefault.ToString("D");
        if (OwnerUuid.TryParse(text, out var owner) && policy.IsOwnerAllowed(owner))
        {
            return;
        }

        findings.Add(new SafetyFinding(SafetyFindingCode.OwnerNotAllowed,
            $"The owner {text} is not on the delegation policy's allow-list. Whether this owner may keep a delegated dataset is the operator's decision " +
            "(Set-DelegationPolicy -AllowedOwners, or move the zone's data).", Remediable: false)
        {
            Observed = text,
            Expected = "an owner on the allow-list",
        });
    }

    private static void CheckPlatform(List<SafetyFinding> findings, PlatformSupport platform)
    {
        foreach (var check in platform.Checks.Where(check => !check.Passed))
        {
            findings.Add(check.Name == PlatformCheckNames.PlatformStamp
                ? new SafetyFinding(SafetyFindingCode.PlatformTooOld, check.Reason, Remediable: false)
                {
                    Observed = platform.LiveImage ?? "unknown",
                    Expected = ">= " + platform.MinimumPlatform,
                }
                : new SafetyFinding(SafetyFindingCode.PlatformFeatureMissing, check.Reason, Remediable: false)
                {
                    Observed = check.Name + " failed",
                    Expected = check.Name + " passed",
                });
        }
    }

    private static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Show(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    // Limits above what vmadm holds exactly are above any policy anyway; keep the value as far as long goes.
    private static long? ToLong(ulong? value) => value is { } v ? (long)Math.Min(v, long.MaxValue) : null;
}

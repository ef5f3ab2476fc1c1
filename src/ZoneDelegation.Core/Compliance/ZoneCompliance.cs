using System.Text.Json.Nodes;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Output;

namespace ZoneDelegation.Core.Compliance;

/// <summary>
/// One zone's verdict, as Test-ZoneCompliance emits it. <see cref="Zone"/> and <see cref="ComputeNode"/>
/// bind by property name to Repair-SafeZone. A zone without a delegated dataset is compliant: the
/// delegation rules have nothing to apply to, and <see cref="Reason"/> says so.
/// </summary>
public sealed class ZoneCompliance
{
    public required string ComputeNode { get; init; }

    /// <summary>The zone's UUID.</summary>
    public required string Zone { get; init; }

    public string? Alias { get; init; }

    public string? OwnerUuid { get; init; }

    /// <summary>vmadm's state: running, stopped, ...</summary>
    public string? State { get; init; }

    public bool IsDelegated { get; init; }

    /// <summary>True exactly when <see cref="Findings"/> is empty.</summary>
    public bool Compliant => Findings.Count == 0;

    /// <summary>At least one finding Repair-SafeZone can fix.</summary>
    public bool Remediable => Findings.Any(finding => finding.Remediable);

    public IReadOnlyList<SafetyFinding> Findings { get; init => field = ReadableList.Sentences(value); } = ReadableList<SafetyFinding>.Empty;

    /// <summary>The findings' codes as text ("ReceiveAllowed, SnapshotLimitMissing"): what a CSV or a table shows.</summary>
    public string FindingCodes => string.Join(", ", Findings.Select(finding => finding.Code));

    /// <summary>One sentence: why the zone is compliant, or which findings it has.</summary>
    public required string Reason { get; init; }

    /// <summary>The vmadm update payload that fixes the remediable findings (Repair-SafeZone's), or null.</summary>
    internal JsonObject? Remediation { get; init; }

    public override string ToString() => $"{Zone}: {Reason}";

    internal static ZoneCompliance From(string computeNode, string zone, string? alias, string? state, SafetyAssessment assessment)
    {
        if (!assessment.IsDelegated)
        {
            return new ZoneCompliance
            {
                ComputeNode = computeNode,
                Zone = zone,
                Alias = alias,
                OwnerUuid = assessment.Zone.OwnerUuid,
                State = state,
                IsDelegated = false,
                Reason = "No delegated dataset: the zone has nothing to receive into or to limit, so the delegation rules do not apply.",
            };
        }

        var findings = assessment.Findings;
        return new ZoneCompliance
        {
            ComputeNode = computeNode,
            Zone = zone,
            Alias = alias,
            OwnerUuid = assessment.Zone.OwnerUuid,
            State = state,
            IsDelegated = true,
            Findings = findings,
            Reason = findings.Count == 0
                ? "A safe delegated zone: sys_fs_import removed, both limits set within the policy, owner allowed, platform supported."
                : string.Join(", ", findings.Select(f => f.Code + (f.Remediable ? " (remediable)" : string.Empty))),
            Remediation = assessment.Remediation,
        };
    }
}

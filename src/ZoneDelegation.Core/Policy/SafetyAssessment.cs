using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Policy;

/// <summary>The verdict on one zone. <see cref="IsSafe"/> is true exactly when there are no findings.</summary>
internal sealed class SafetyAssessment
{
    private readonly JsonObject? remediation;

    internal SafetyAssessment(ZoneDelegationConfig zone, LimitPrivAnalysis limitPriv,
        IReadOnlyList<SafetyFinding> findings, JsonObject? remediation)
    {
        Zone = zone;
        LimitPriv = limitPriv;
        Findings = findings;
        this.remediation = remediation;
    }

    public ZoneDelegationConfig Zone { get; }

    public LimitPrivAnalysis LimitPriv { get; }

    public IReadOnlyList<SafetyFinding> Findings { get; }

    public bool IsSafe => Findings.Count == 0;

    public bool IsDelegated => Zone.IsDelegated;

    /// <summary>sys_fs_import not removed from the zone's limit set.</summary>
    public bool ReceiveAllowed => LimitPriv.ReceiveAllowed;

    /// <summary>
    /// A <c>vmadm update</c> payload that fixes every remediable finding (limits from the policy,
    /// limit_priv with sys_fs_import removed; the limit_priv change takes effect at the zone's next boot),
    /// or null when nothing is remediable. A new object on each read, so callers may change it.
    /// </summary>
    public JsonObject? Remediation => (JsonObject?)remediation?.DeepClone();
}

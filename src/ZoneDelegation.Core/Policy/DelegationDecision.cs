using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// The outcome of applying the policy to a vmadm create payload. A refusal is an exception, so a
/// decision always carries a payload that may be sent.
/// </summary>
internal sealed class DelegationDecision
{
    internal DelegationDecision(DelegationMode mode, JsonObject payload, IReadOnlyList<PayloadChange> changes, IReadOnlyList<DelegationWarning> warnings)
    {
        Mode = mode;
        Payload = payload;
        Changes = changes;
        Warnings = warnings;
    }

    public DelegationMode Mode { get; }

    public bool SafeRequested => Mode == DelegationMode.Safe;

    /// <summary>The payload to send: a new object, never the caller's.</summary>
    public JsonObject Payload { get; }

    public IReadOnlyList<PayloadChange> Changes { get; }

    public IReadOnlyList<DelegationWarning> Warnings { get; }
}

namespace ZoneDelegation.Core.Platform;

/// <summary>Whether a CN meets a minimum platform, and why, in words an operator can act on.</summary>
internal sealed record PlatformDecision(bool Accepted, string Reason)
{
    public override string ToString() => (Accepted ? "accepted: " : "rejected: ") + Reason;
}

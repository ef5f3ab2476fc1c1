namespace ZoneDelegation.Core.Transport;

/// <summary>How an unknown host key is treated. A changed key is refused under every policy.</summary>
public enum HostKeyPolicy
{
    /// <summary>The key must already be in the known_hosts file (StrictHostKeyChecking=yes).</summary>
    Strict,

    /// <summary>An unknown key is recorded on first contact; a changed key is still refused (StrictHostKeyChecking=accept-new).</summary>
    AcceptNew,
}

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Runs native commands on one compute node: this host (<c>LocalTransport</c>) or a CN
/// reached with the system OpenSSH client (<c>OpenSshTransport</c>). Thread-safe: a CN's
/// commands may run concurrently.
/// </summary>
public interface ICommandTransport : IDisposable
{
    /// <summary>The compute node's name as the operator knows it (host name or alias).</summary>
    string ComputeNode { get; }

    IRunningCommand Start(NativeCommand command);
}

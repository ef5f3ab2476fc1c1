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

    /// <summary>
    /// Starts a command. Every transport honours <see cref="CommandCancellation.Current"/> (a stopped
    /// operation stops read-only commands; writes, <see cref="NativeCommand.ChangesState"/>, are left
    /// to finish), caps output (<see cref="OutputLimits"/>) and refuses to start on a lost connection.
    /// </summary>
    IRunningCommand Start(NativeCommand command);

    /// <summary>False once the transport can no longer run commands (its ssh master died, it was disposed).</summary>
    bool IsConnected => true;
}

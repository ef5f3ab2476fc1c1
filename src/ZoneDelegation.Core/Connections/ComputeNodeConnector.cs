using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Connections;

/// <summary>Opens connections to compute nodes: over OpenSSH, or to this host. Connect-ComputeNode calls these.</summary>
public static class ComputeNodeConnector
{
    /// <summary>
    /// Validates the options, starts the ssh ControlMaster and waits until it is up. Throws a
    /// NativeCommandException (HostKeyMismatch, HostKeyUnknown, AuthenticationFailed,
    /// ComputeNodeUnreachable, SshClientNotFound) when it cannot; nothing is left running then.
    /// </summary>
    public static ComputeNodeConnection Connect(SshConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = new OpenSshTransport(options);
        try
        {
            transport.Open();
        }
        catch
        {
            transport.Dispose();
            throw;
        }

        return new ComputeNodeConnection(options.EffectiveName, ConnectionKind.Ssh, transport,
            options.HostName, options.Port, options.User, options.HostKeyPolicy);
    }

    /// <summary>This host, commands run as local processes (with extra environment variables, e.g. a testbed PATH).</summary>
    public static ComputeNodeConnection ConnectLocal(string name = "localhost", IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? defaultCommandTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ComputeNodeConnection(name, ConnectionKind.Local, new LocalTransport(name, environment, defaultCommandTimeout));
    }
}

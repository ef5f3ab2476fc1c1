using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Transport.Channel;

namespace ZoneDelegation.Core.Connections;

/// <summary>Opens connections to compute nodes: over OpenSSH, or to this host. Connect-ComputeNode calls these.</summary>
internal static class ComputeNodeConnector
{
    /// <summary>
    /// Validates the options, starts the ssh ControlMaster and waits until it is up. Throws a
    /// NativeCommandException (HostKeyMismatch, HostKeyUnknown, AuthenticationFailed,
    /// ComputeNodeUnreachable, SshClientNotFound) when it cannot; nothing is left running then. With
    /// <see cref="SshConnectionOptions.Channel"/> Persistent (the default) commands then run on persistent remote
    /// shells over that master (opened on first use); with Exec each command is its own ssh session.
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

        ICommandTransport carrier = options.Channel == CommandChannel.Persistent ? new PersistentChannelTransport(transport) : transport;
        return new ComputeNodeConnection(options.EffectiveName, ConnectionKind.Ssh, carrier,
            options.HostName, options.Port, options.User, options.HostKeyPolicy)
        {
            ChannelValue = options.Channel,
        };
    }

    /// <summary>This host, commands run as local processes (with extra environment variables, e.g. a testbed PATH).</summary>
    public static ComputeNodeConnection ConnectLocal(string name = "localhost", IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? defaultCommandTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ComputeNodeConnection(name, ConnectionKind.Local, new LocalTransport(name, environment, defaultCommandTimeout));
    }
}

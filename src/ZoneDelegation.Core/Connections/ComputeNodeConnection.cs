using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Connections;

public enum ConnectionKind
{
    Ssh,
    Local,
}

/// <summary>
/// An open connection to a compute node, as Connect-ComputeNode emits it. Its
/// <see cref="ComputeNode"/> property lets it bind by property name to every cmdlet's -ComputeNode.
/// Its public properties are what an operator may export: names as text (ConvertTo-Json writes enums
/// as numbers), and nothing of the transport (control socket, process ids, key file).
/// </summary>
public sealed class ComputeNodeConnection : IDisposable
{
    public ComputeNodeConnection(string computeNode, ConnectionKind kind, ICommandTransport transport,
        string? hostName = null, int? port = null, string? user = null, HostKeyPolicy? hostKeyPolicy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(computeNode);
        ComputeNode = computeNode;
        KindValue = kind;
        Transport = transport ?? throw new ArgumentNullException(nameof(transport));
        HostName = hostName ?? computeNode;
        Port = port;
        User = user;
        HostKeyPolicyValue = hostKeyPolicy;
        ConnectedAt = DateTimeOffset.Now;
    }

    public string ComputeNode { get; }

    /// <summary>Ssh or Local.</summary>
    public string Kind => KindValue.ToString();

    internal ConnectionKind KindValue { get; }

    public string HostName { get; }

    public int? Port { get; }

    public string? User { get; }

    /// <summary>Strict or AcceptNew; null for Local.</summary>
    public string? HostKeyPolicy => HostKeyPolicyValue?.ToString();

    internal HostKeyPolicy? HostKeyPolicyValue { get; }

    /// <summary>How commands travel to an SSH CN: Persistent shells or one Exec session each; null for Local.</summary>
    public string? Channel => ChannelValue?.ToString();

    internal CommandChannel? ChannelValue { get; init; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>True for the default connection: what commands without -ComputeNode use (Connect-ComputeNode -Default).</summary>
    public bool IsDefault
    {
        get => isDefault;
        internal set => isDefault = value;
    }

    private volatile bool isDefault;

    /// <summary>False once disconnected, or once the transport lost its connection (a dead ssh master).</summary>
    public bool IsOpen => !closed && Transport.IsConnected;

    internal ICommandTransport Transport { get; }

    private volatile bool closed;

    /// <summary>True once Disconnect (Dispose) closed it on purpose.</summary>
    public bool IsClosed => closed;

    public void Dispose()
    {
        if (closed)
        {
            return;
        }

        closed = true;
        Transport.Dispose();
    }

    public override string ToString() => ComputeNode;
}

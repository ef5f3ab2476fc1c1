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
/// </summary>
public sealed class ComputeNodeConnection : IDisposable
{
    public ComputeNodeConnection(string computeNode, ConnectionKind kind, ICommandTransport transport,
        string? hostName = null, int? port = null, string? user = null, HostKeyPolicy? hostKeyPolicy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(computeNode);
        ComputeNode = computeNode;
        Kind = kind;
        Transport = transport ?? throw new ArgumentNullException(nameof(transport));
        HostName = hostName ?? computeNode;
        Port = port;
        User = user;
        HostKeyPolicy = hostKeyPolicy;
        ConnectedAt = DateTimeOffset.Now;
    }

    public string ComputeNode { get; }

    public ConnectionKind Kind { get; }

    public string HostName { get; }

    public int? Port { get; }

    public string? User { get; }

    public HostKeyPolicy? HostKeyPolicy { get; }

    /// <summary>How commands travel to an SSH CN: Persistent shells or one Exec session each; null for Local.</summary>
    public CommandChannel? Channel { get; init; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>False once disconnected, or once the transport lost its connection (a dead ssh master).</summary>
    public bool IsOpen => !closed && Transport.IsConnected;

    public ICommandTransport Transport { get; }

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

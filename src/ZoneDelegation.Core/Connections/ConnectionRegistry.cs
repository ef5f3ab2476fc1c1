using System.Collections.Concurrent;
using System.Globalization;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Connections;

/// <summary>
/// The module-wide set of open connections, keyed by compute node name (case-insensitive).
/// Cmdlets resolve -ComputeNode here, and default to the only open connection when there is one.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ComputeNodeConnection> connections = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registry the module's cmdlets share for the life of the session.</summary>
    public static ConnectionRegistry Default { get; } = new();

    public IReadOnlyList<ComputeNodeConnection> All =>
        connections.Values.OrderBy(c => c.ComputeNode, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Adds an open connection; an existing one for the same CN is closed and replaced.</summary>
    public void Add(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connections.AddOrUpdate(connection.ComputeNode, connection, (_, previous) =>
        {
            if (!ReferenceEquals(previous, connection))
            {
                CommandNotices.Debug(connection.ComputeNode, $"connection cache: replaces the connection made at {Made(previous)}, which is closed.");
                previous.Dispose();
            }

            return connection;
        });
    }

    public bool Remove(string computeNode, out ComputeNodeConnection? connection)
    {
        var removed = connections.TryRemove(computeNode, out var found);
        connection = found;
        return removed;
    }

    public bool TryGet(string computeNode, out ComputeNodeConnection? connection)
    {
        var found = connections.TryGetValue(computeNode, out var value);
        connection = value;
        return found;
    }

    /// <summary>
    /// The connection for a name, or, with no name, the only open connection.
    /// Throws ComputeNodeNotConnected / ComputeNodeAmbiguous with a hint otherwise.
    /// </summary>
    public ComputeNodeConnection Resolve(string? computeNode)
    {
        if (!string.IsNullOrEmpty(computeNode))
        {
            if (connections.TryGetValue(computeNode, out var named) && named.IsOpen)
            {
                CommandNotices.Debug(named.ComputeNode, $"connection cache: reuses the open connection made at {Made(named)}.");
                return named;
            }

            if (named is { IsClosed: false })
            {
                throw new ZoneDelegationException(ErrorIds.ConnectionLost, ZoneErrorCategory.ConnectionError,
                    $"The connection to compute node '{computeNode}' is lost (its ssh master ended).", computeNode,
                    $"Run Connect-ComputeNode -HostName {named.HostName} again: it opens a new connection and replaces this one.");
            }

            throw new ZoneDelegationException(ErrorIds.ComputeNodeNotConnected, ZoneErrorCategory.ConnectionError,
                $"No open connection to compute node '{computeNode}'.", computeNode,
                $"Run Connect-ComputeNode -HostName {computeNode} first, or pass the connection object.");
        }

        var open = connections.Values.Where(c => c.IsOpen).ToList();
        if (open.Count == 1)
        {
            CommandNotices.Debug(open[0].ComputeNode, $"connection cache: no -ComputeNode given; uses the one open connection, made at {Made(open[0])}.");
        }

        return open.Count switch
        {
            1 => open[0],
            0 => throw new ZoneDelegationException(ErrorIds.ComputeNodeNotConnected, ZoneErrorCategory.ConnectionError,
                "No compute node is connected.", null, "Run Connect-ComputeNode (or Connect-ComputeNode -Local) first."),
            _ => throw new ZoneDelegationException(ErrorIds.ComputeNodeAmbiguous, ZoneErrorCategory.InvalidArgument,
                $"{open.Count} compute nodes are connected; this command needs to know which one.",
                string.Join(", ", open.Select(c => c.ComputeNode)),
                "Pass -ComputeNode, or pipe connections or objects that carry a ComputeNode property."),
        };
    }

    private static string Made(ComputeNodeConnection connection) =>
        connection.ConnectedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>Closes and forgets every connection (module unload).</summary>
    public void CloseAll()
    {
        foreach (var key in connections.Keys.ToList())
        {
            if (connections.TryRemove(key, out var connection))
            {
                connection.Dispose();
            }
        }
    }
}

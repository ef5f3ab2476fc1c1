using System.Collections.Concurrent;
using System.Globalization;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Connections;

/// <summary>
/// The module-wide set of open connections, keyed by compute node name (case-insensitive).
/// Cmdlets resolve -ComputeNode here; without one they take the default connection (Connect-ComputeNode
/// -Default), else the only open connection when there is one.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ComputeNodeConnection> connections = new(StringComparer.OrdinalIgnoreCase);

    // The name of the default connection (null: none); changed under the lock, with each connection's IsDefault flag.
    private readonly object defaultLock = new();
    private string? defaultName;

    /// <summary>The registry the module's cmdlets share for the life of the session.</summary>
    public static ConnectionRegistry Default { get; } = new();

    public IReadOnlyList<ComputeNodeConnection> All =>
        connections.Values.OrderBy(c => c.ComputeNode, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The name of the default connection (Connect-ComputeNode -Default), or null.</summary>
    public string? DefaultComputeNode
    {
        get
        {
            lock (defaultLock)
            {
                return defaultName;
            }
        }
    }

    /// <summary>
    /// Adds an open connection; an existing one for the same CN is closed and replaced (a replaced default stays the
    /// default). With <paramref name="makeDefault"/> it becomes the default connection.
    /// </summary>
    public void Add(ComputeNodeConnection connection, bool makeDefault = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (defaultLock)
        {
            connections.AddOrUpdate(connection.ComputeNode, connection, (_, previous) =>
            {
                if (!ReferenceEquals(previous, connection))
                {
                    CommandNotices.Debug(connection.ComputeNode, $"connection cache: replaces the connection made at {Made(previous)}, which is closed.");
                    previous.IsDefault = false;
                    previous.Dispose();
                }

                return connection;
            });
            if (makeDefault && defaultName is { } old && connections.TryGetValue(old, out var previousDefault))
            {
                previousDefault.IsDefault = false;
            }

            if (makeDefault || string.Equals(defaultName, connection.ComputeNode, StringComparison.OrdinalIgnoreCase))
            {
                defaultName = connection.ComputeNode;
                connection.IsDefault = true;
            }
        }
    }

    /// <summary>Forgets a connection (the caller closes it); the default is no longer one once it is removed.</summary>
    public bool Remove(string computeNode, out ComputeNodeConnection? connection)
    {
        lock (defaultLock)
        {
            var removed = connections.TryRemove(computeNode, out var found);
            connection = found;
            if (removed && string.Equals(defaultName, computeNode, StringComparison.OrdinalIgnoreCase))
            {
                defaultName = null;
                found!.IsDefault = false;
            }

            return removed;
        }
    }

    public bool TryGet(string computeNode, out ComputeNodeConnection? connection)
    {
        var found = connections.TryGetValue(computeNode, out var value);
        connection = value;
        return found;
    }

    /// <summary>
    /// The connection for a name, or, with no name, the default connection, else the only open connection.
    /// Throws ComputeNodeNotConnected / ComputeNodeAmbiguous / ConnectionLost with a hint otherwise.
    /// </summary>
    public ComputeNodeConnection Resolve(string? computeNode)
    {
        var usesDefault = false;
        if (string.IsNullOrEmpty(computeNode) && DefaultComputeNode is { } defaultComputeNode)
        {
            // The operator chose it: a lost default is that error, never a silent fall-back to another CN.
            computeNode = defaultComputeNode;
            usesDefault = true;
        }

        if (!string.IsNullOrEmpty(computeNode))
        {
            if (connections.TryGetValue(computeNode, out var named) && named.IsOpen)
            {
                CommandNotices.Debug(named.ComputeNode, usesDefault
                    ? $"connection cache: no -ComputeNode given; uses the default connection (Connect-ComputeNode -Default), made at {Made(named)}."
                    : $"connection cache: reuses the open connection made at {Made(named)}.");
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
                $"Run Connect-ComputeNode -HostName {computeNode} first, or pass the connection object.{ProcessHint}");
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
                "No compute node is connected.", null, $"Run Connect-ComputeNode (or Connect-ComputeNode -Local) first.{ProcessHint}"),
            _ => throw new ZoneDelegationException(ErrorIds.ComputeNodeAmbiguous, ZoneErrorCategory.InvalidArgument,
                $"{open.Count} compute nodes are connected; this command needs to know which one.",
                string.Join(", ", open.Select(c => c.ComputeNode)),
                "Pass -ComputeNode, pipe connections or objects that carry a ComputeNode property, or make one connection " +
                "the default for commands without -ComputeNode (Connect-ComputeNode ... -Default)."),
        };
    }

    /// <summary>
    /// The connections a command that may work over several CNs uses when no -ComputeNode is given: the default
    /// connection when one is set (the operator chose it: never a silent fall-back to the others), otherwise every
    /// open connection, or <see cref="Resolve"/>'s answer and errors when fewer than two are open.
    /// </summary>
    public IReadOnlyList<ComputeNodeConnection> ResolveDefaultOrAllOpen()
    {
        if (DefaultComputeNode is not null)
        {
            return [Resolve(null)];
        }

        var open = All.Where(c => c.IsOpen).ToList();
        return open.Count > 1 ? open : [Resolve(null)];
    }

    private static string Made(ComputeNodeConnection connection) =>
        connection.ConnectedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Set by the module when it runs in a background job's process (Start-Job): connections live in the process that
    /// opened them, so the hint says so and names what shares them. Empty otherwise.
    /// </summary>
    internal string ProcessHint { get; set; } = string.Empty;

    /// <summary>The hint a registry in a job's process adds to "not connected".</summary>
    internal const string JobProcessHint =
        " This runs in a process of its own (a Start-Job job, or a remote session): connections belong to the process that " +
        "opened them, so none of the session's connections is open here. Run the work in the session's process instead: " +
        "ForEach-Object -Parallel { ... } or Start-ThreadJob { ... } see its connections; or connect in the job.";

    /// <summary>Closes and forgets every connection (module unload).</summary>
    public void CloseAll()
    {
        lock (defaultLock)
        {
            defaultName = null;
        }

        foreach (var key in connections.Keys.ToList())
        {
            if (connections.TryRemove(key, out var connection))
            {
                connection.Dispose();
            }
        }
    }
}

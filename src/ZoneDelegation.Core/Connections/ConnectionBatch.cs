using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Connections;

/// <summary>
/// Connects to many compute nodes in parallel (Connect-ComputeNode with a CSV of hosts): each host is
/// validated, connected and registered on a worker; a failed host is an error result and the
/// others go on.
/// </summary>
internal static class ConnectionBatch
{
    public static IEnumerable<FanOutResult<SshConnectionOptions, ComputeNodeConnection>> ConnectAll(
        IEnumerable<SshConnectionOptions> hosts,
        int throttleLimit,
        ConnectionRegistry registry,
        Func<SshConnectionOptions, ComputeNodeConnection> connect,
        CancellationToken cancellationToken = default,
        bool reportFinished = false,
        bool makeDefault = false)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(connect);
        return FanOut.Run(hosts, throttleLimit, (options, _) =>
        {
            ConnectionOptionsValidator.Validate(options);
            var connection = connect(options);
            registry.Add(connection, makeDefault);
            return new[] { connection };
        }, cancellationToken, reportFinished);
    }

    /// <summary>
    /// One connection per compute node of the input: records naming the same CN (name, host, user and port, names
    /// case-insensitive) are connected once; a name given to two different hosts is an error for every record after
    /// the first (the registry keeps one connection per name, so the second would close the first).
    /// </summary>
    public static ConnectionInventory Distinct(IEnumerable<SshConnectionOptions> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var unique = new List<SshConnectionOptions>();
        var byName = new Dictionary<string, SshConnectionOptions>(StringComparer.OrdinalIgnoreCase);
        var repeats = new Dictionary<SshConnectionOptions, int>(ReferenceEqualityComparer.Instance);
        var conflicts = new List<ZoneDelegationException>();
        foreach (var host in hosts)
        {
            if (!byName.TryGetValue(host.EffectiveName, out var first))
            {
                byName[host.EffectiveName] = host;
                unique.Add(host);
            }
            else if (SameComputeNode(first, host))
            {
                repeats[first] = repeats.GetValueOrDefault(first) + 1;
            }
            else
            {
                conflicts.Add(new ZoneDelegationException(ErrorIds.InvalidConnectionParameter, ZoneErrorCategory.InvalidArgument,
                    $"The name '{host.EffectiveName}' is given to {Text(first)} and to {Text(host)} in the same input; " +
                    $"{Text(host)} was not connected.", host.EffectiveName,
                    "Give each compute node its own Name (a Name column in the CSV), or remove the duplicate row."));
            }
        }

        return new ConnectionInventory(unique,
            repeats.Select(pair => new RepeatedHost(pair.Key, pair.Value + 1)).ToList(), conflicts);
    }

    private static bool SameComputeNode(SshConnectionOptions first, SshConnectionOptions other) =>
        string.Equals(first.HostName, other.HostName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(first.User, other.User, StringComparison.Ordinal)
        && first.Port == other.Port;

    public static string Text(SshConnectionOptions host) =>
        $"{(host.User is null ? string.Empty : host.User + "@")}{host.HostName}{(host.Port is null ? string.Empty : ":" + host.Port)}";

}

/// <summary>The input of Connect-ComputeNode made distinct: what to connect, what appeared more than once, what conflicts.</summary>
internal sealed record ConnectionInventory(
    IReadOnlyList<SshConnectionOptions> Unique,
    IReadOnlyList<RepeatedHost> Repeated,
    IReadOnlyList<ZoneDelegationException> Conflicts);

/// <summary>A compute node the input named <paramref name="Count"/> times.</summary>
internal sealed record RepeatedHost(SshConnectionOptions Host, int Count);

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
        bool reportFinished = false)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(connect);
        return FanOut.Run(hosts, throttleLimit, (options, _) =>
        {
            ConnectionOptionsValidator.Validate(options);
            var connection = connect(options);
            registry.Add(connection);
            return new[] { connection };
        }, cancellationToken, reportFinished);
    }
}

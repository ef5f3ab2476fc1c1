using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Connections;

public class ConnectionBatchTests
{
    private sealed class NullTransport(string computeNode) : ICommandTransport
    {
        public string ComputeNode { get; } = computeNode;

        public bool Disposed { get; private set; }

        public IRunningCommand Start(NativeCommand command) => throw new NotSupportedException();

        public void Dispose() => Disposed = true;
    }

    private static ComputeNodeConnection FakeConnect(SshConnectionOptions options)
    {
        if (options.HostName.StartsWith("down", StringComparison.Ordinal))
        {
            throw new ZoneDelegationException(ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError, "refused", options.HostName);
        }

        return new ComputeNodeConnection(options.EffectiveName, ConnectionKind.Ssh, new NullTransport(options.EffectiveName), options.HostName);
    }

    [Fact]
    public void Connects_every_host_registers_the_good_ones_and_reports_each_failure()
    {
        var registry = new ConnectionRegistry();
        var hosts = new[] { "cn1", "down1", "cn2", "-oProxyCommand=evil", "cn3" }
            .Select(h => new SshConnectionOptions { HostName = h }).ToList();

        var results = ConnectionBatch.ConnectAll(hosts, throttleLimit: 2, registry, FakeConnect).ToList();

        Assert.Equal(5, results.Count);
        Assert.Equal(["cn1", "cn2", "cn3"], registry.All.Select(c => c.ComputeNode));
        var errors = results.Where(r => r.IsError).ToDictionary(r => r.Input.HostName, r => ((ZoneDelegationException)r.Error!).ErrorId);
        Assert.Equal(ErrorIds.ComputeNodeUnreachable, errors["down1"]);
        Assert.Equal(ErrorIds.InvalidConnectionParameter, errors["-oProxyCommand=evil"]);
    }

    [Fact]
    public void Reconnecting_a_name_replaces_and_closes_the_old_connection()
    {
        var registry = new ConnectionRegistry();
        var first = ConnectionBatch.ConnectAll([new SshConnectionOptions { HostName = "cn1" }], 1, registry, FakeConnect).Single().Output!;
        var second = ConnectionBatch.ConnectAll([new SshConnectionOptions { HostName = "cn1" }], 1, registry, FakeConnect).Single().Output!;

        Assert.False(first.IsOpen);
        Assert.True(((NullTransport)first.Transport).Disposed);
        Assert.Same(second, registry.Resolve("cn1"));
    }

    [Theory]
    [InlineData(null, ErrorIds.ComputeNodeNotConnected)]
    [InlineData("nowhere", ErrorIds.ComputeNodeNotConnected)]
    public void Resolve_without_a_matching_connection_says_what_to_do(string? name, string errorId)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => new ConnectionRegistry().Resolve(name));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains("Connect-ComputeNode", error.Hint);
    }

    [Fact]
    public void Resolve_with_several_connections_and_no_name_is_ambiguous()
    {
        var registry = new ConnectionRegistry();
        ConnectionBatch.ConnectAll(new[] { "cn1", "cn2" }.Select(h => new SshConnectionOptions { HostName = h }), 2, registry, FakeConnect).ToList();
        var error = Assert.Throws<ZoneDelegationException>(() => registry.Resolve(null));
        Assert.Equal(ErrorIds.ComputeNodeAmbiguous, error.ErrorId);
        Assert.Same(registry.Resolve("CN2"), registry.All[1]);
    }

    [Theory]
    [InlineData("host;id")]
    [InlineData("host name")]
    [InlineData("")]
    public void Hostile_host_names_never_reach_ssh(string host)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ConnectionOptionsValidator.Validate(new SshConnectionOptions { HostName = host }));
        Assert.Equal(ErrorIds.InvalidConnectionParameter, error.ErrorId);
    }

    [Fact]
    public void A_user_starting_with_a_dash_is_refused()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ConnectionOptionsValidator.Validate(new SshConnectionOptions { HostName = "cn1", User = "-oProxyCommand=x" }));
        Assert.Equal("-oProxyCommand=x", error.Target);
    }
}

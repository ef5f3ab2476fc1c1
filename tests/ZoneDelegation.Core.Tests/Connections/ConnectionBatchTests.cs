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

/// <summary>Issue 17 item 9: the same host twice in an inventory is one connection.</summary>
public class ConnectionInventoryTests
{
    private static SshConnectionOptions Host(string host, string? name = null, string? user = "root", int? port = 22) =>
        new() { HostName = host, Name = name, User = user, Port = port };

    [Fact]
    public void The_same_host_twice_is_connected_once_and_reported_as_repeated()
    {
        var inventory = ConnectionBatch.Distinct([Host("10.0.0.1"), Host("10.0.0.2"), Host("10.0.0.1"), Host("10.0.0.1")]);

        Assert.Equal(["10.0.0.1", "10.0.0.2"], inventory.Unique.Select(h => h.HostName));
        var repeated = Assert.Single(inventory.Repeated);
        Assert.Equal(("10.0.0.1", 3), (repeated.Host.HostName, repeated.Count));
        Assert.Empty(inventory.Conflicts);
    }

    [Fact]
    public void Host_names_compare_without_case_and_the_same_host_under_two_names_is_two_connections()
    {
        var inventory = ConnectionBatch.Distinct([Host("CN1.example.com"), Host("cn1.example.com"), Host("10.0.0.1", "a"), Host("10.0.0.1", "b")]);

        Assert.Equal(3, inventory.Unique.Count);
        Assert.Empty(inventory.Conflicts);
    }

    [Fact]
    public void One_name_for_two_different_hosts_is_an_error_for_the_second_and_the_first_connects()
    {
        var inventory = ConnectionBatch.Distinct([Host("10.0.0.1", "cn-a"), Host("10.0.0.2", "CN-A"), Host("10.0.0.1", "cn-a", port: 2222)]);

        Assert.Equal(["10.0.0.1"], inventory.Unique.Select(h => h.HostName));
        Assert.Equal(2, inventory.Conflicts.Count);
        Assert.All(inventory.Conflicts, error => Assert.Equal(ErrorIds.InvalidConnectionParameter, error.ErrorId));
        Assert.Contains("root@10.0.0.2:22", inventory.Conflicts[0].Message, StringComparison.Ordinal);
    }
}

/// <summary>Issue 17 item 9: the terminating error of Connect-ComputeNode -ErrorAction Stop names every host that failed.</summary>
public class ConnectFailuresTests
{
    [Fact]
    public void Keeps_the_first_failure_s_ErrorId_and_target_and_names_the_others_and_what_stays_connected()
    {
        var first = new ZoneDelegationException(ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError, "10.0.0.9 could not be reached.", "10.0.0.9", "Check the network.");
        var second = new ZoneDelegationException(ErrorIds.HostKeyUnknown, ZoneErrorCategory.SecurityError, "unknown key.", "10.0.0.8");

        var stopped = ConnectFailures.Stopped(first, [second], connected: 2);

        Assert.Equal((ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError, (object?)"10.0.0.9"), (stopped.ErrorId, stopped.Category, stopped.Target));
        Assert.Contains("10.0.0.8 (HostKeyUnknown", stopped.Message, StringComparison.Ordinal);
        Assert.StartsWith("Check the network.", stopped.Hint, StringComparison.Ordinal);
        Assert.Contains("The 2 host(s) of this command that connected stay connected", stopped.Hint, StringComparison.Ordinal);
        Assert.Same(first, stopped.InnerException);
    }
}

/// <summary>Issue 17 item 9: IdentityFile and KnownHostsFile columns are named in one warning, with how to give them.</summary>
public class IgnoredInputColumnsTests
{
    [Fact]
    public void Finds_the_never_bound_columns_that_have_a_value()
    {
        var row = new Dictionary<string, object?>
        {
            ["HostName"] = "10.0.0.1", ["identityfile"] = "/keys/x", ["KnownHostsFile"] = " ", ["HostKeyPolicy"] = "AcceptNew",
        };

        Assert.Equal(["IdentityFile", "HostKeyPolicy"], IgnoredInputColumns.In(row));
    }

    [Fact]
    public void The_warning_names_the_columns_and_the_parameters_and_ssh_config_that_give_them()
    {
        Assert.Null(IgnoredInputColumns.Warning([]));
        var warning = IgnoredInputColumns.Warning(["KnownHostsFile", "IdentityFile"])!;

        Assert.Contains("IdentityFile, KnownHostsFile", warning, StringComparison.Ordinal);
        Assert.Contains("-IdentityFile", warning, StringComparison.Ordinal);
        Assert.Contains("ssh config", warning, StringComparison.Ordinal);
    }
}

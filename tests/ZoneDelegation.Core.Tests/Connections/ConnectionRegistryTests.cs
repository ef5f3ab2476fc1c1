using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Connections;

/// <summary>Issue 17 item 12: the default connection, and what "not connected" says in a job's process.</summary>
public class ConnectionRegistryTests
{
    private sealed class OpenTransport(string computeNode) : ICommandTransport
    {
        public string ComputeNode { get; } = computeNode;

        public IRunningCommand Start(NativeCommand command) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    private static ComputeNodeConnection Open(string name) => new(name, ConnectionKind.Ssh, new OpenTransport(name));

    [Fact]
    public void Without_a_default_two_open_connections_are_ambiguous_and_the_hint_names_Default()
    {
        var registry = new ConnectionRegistry();
        registry.Add(Open("cn1"));
        registry.Add(Open("cn2"));

        var error = Assert.Throws<ZoneDelegationException>(() => registry.Resolve(null));

        Assert.Equal(ErrorIds.ComputeNodeAmbiguous, error.ErrorId);
        Assert.Contains("-Default", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_connection_answers_a_command_without_ComputeNode()
    {
        var registry = new ConnectionRegistry();
        registry.Add(Open("cn1"));
        var cn2 = Open("cn2");
        registry.Add(cn2, makeDefault: true);
        registry.Add(Open("cn3"));

        Assert.Same(cn2, registry.Resolve(null));
        Assert.Equal("cn2", registry.DefaultComputeNode);
        Assert.Equal(["cn2"], registry.All.Where(c => c.IsDefault).Select(c => c.ComputeNode));
    }

    /// <summary>
    /// What New-SafeZone and Get-ComputeNodeCapacity work over without -ComputeNode: the default alone when one is set
    /// (a create never lands on a CN the operator did not make the default), else every open connection, never a closed one.
    /// </summary>
    [Fact]
    public void Without_ComputeNode_a_fleet_command_takes_the_default_alone_or_every_open_connection()
    {
        var registry = new ConnectionRegistry();
        registry.Add(Open("cn1"));
        var closed = Open("cn2");
        registry.Add(closed);
        registry.Add(Open("cn3"));
        closed.Dispose();

        Assert.Equal(["cn1", "cn3"], registry.ResolveDefaultOrAllOpen().Select(c => c.ComputeNode));

        var lab = Open("lab");
        registry.Add(lab, makeDefault: true);
        Assert.Same(lab, Assert.Single(registry.ResolveDefaultOrAllOpen()));
    }

    [Fact]
    public void A_new_default_replaces_the_old_one_and_a_reconnected_default_stays_the_default()
    {
        var registry = new ConnectionRegistry();
        var cn1 = Open("cn1");
        registry.Add(cn1, makeDefault: true);
        var cn2 = Open("cn2");
        registry.Add(cn2, makeDefault: true);
        Assert.False(cn1.IsDefault);

        var again = Open("CN2");
        registry.Add(again);

        Assert.True(again.IsDefault);
        Assert.Same(again, registry.Resolve(null));
    }

    [Fact]
    public void Disconnecting_the_default_leaves_no_default()
    {
        var registry = new ConnectionRegistry();
        registry.Add(Open("cn1"), makeDefault: true);
        registry.Add(Open("cn2"));
        registry.Add(Open("cn3"));

        Assert.True(registry.Remove("cn1", out var removed));

        Assert.False(removed!.IsDefault);
        Assert.Null(registry.DefaultComputeNode);
        Assert.Equal(ErrorIds.ComputeNodeAmbiguous, Assert.Throws<ZoneDelegationException>(() => registry.Resolve(null)).ErrorId);
    }

    [Fact]
    public void A_named_ComputeNode_still_wins_over_the_default()
    {
        var registry = new ConnectionRegistry();
        var cn1 = Open("cn1");
        registry.Add(cn1);
        registry.Add(Open("cn2"), makeDefault: true);

        Assert.Same(cn1, registry.Resolve("cn1"));
    }

    [Fact]
    public void In_a_job_process_not_connected_says_connections_are_per_process_and_what_shares_them()
    {
        var registry = new ConnectionRegistry { ProcessHint = ConnectionRegistry.JobProcessHint };

        var named = Assert.Throws<ZoneDelegationException>(() => registry.Resolve("cn1"));
        var none = Assert.Throws<ZoneDelegationException>(() => registry.Resolve(null));

        foreach (var error in new[] { named, none })
        {
            Assert.Equal(ErrorIds.ComputeNodeNotConnected, error.ErrorId);
            Assert.Contains("Start-Job", error.Hint, StringComparison.Ordinal);
            Assert.Contains("ForEach-Object -Parallel", error.Hint, StringComparison.Ordinal);
            Assert.Contains("Start-ThreadJob", error.Hint, StringComparison.Ordinal);
        }
    }
}

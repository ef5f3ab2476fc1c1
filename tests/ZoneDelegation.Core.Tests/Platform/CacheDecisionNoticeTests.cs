using System.Collections.Concurrent;
using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Platform;

/// <summary>Issue 17 item 4: what a cache decided is told as a debug notice naming the CN (-Debug shows it).</summary>
public sealed class CacheDecisionNoticeTests
{
    [Fact]
    public void The_platform_cache_says_when_it_probes_and_when_it_reuses()
    {
        using var connection = FakeComputeNodes.Smartos().Connect();

        var first = Debug(() => PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault));
        var second = Debug(() => PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault));

        Assert.Contains(first, line => line.StartsWith(connection.ComputeNode + ": platform cache: nothing probed yet", StringComparison.Ordinal));
        Assert.Contains(first, line => line.StartsWith(connection.ComputeNode + ": platform cache: checks the pool feature", StringComparison.Ordinal));
        Assert.All(second, line => Assert.Contains("earlier on this connection", line, StringComparison.Ordinal));
        Assert.Equal(2, second.Count);
    }

    [Fact]
    public void The_connection_cache_says_which_open_connection_a_name_resolves_to()
    {
        var registry = new ConnectionRegistry();
        using var connection = FakeComputeNodes.Smartos().Connect();
        registry.Add(connection);

        var told = Debug(() => registry.Resolve(connection.ComputeNode));

        var line = Assert.Single(told);
        Assert.StartsWith(connection.ComputeNode + ": connection cache: reuses the open connection made at ", line, StringComparison.Ordinal);
    }

    private static List<string> Debug(Action run)
    {
        var told = new ConcurrentQueue<CommandNotice>();
        using (CommandNotices.Enter(told.Enqueue))
        {
            run();
        }

        return told.Where(notice => notice.Level == CommandNoticeLevel.Debug).Select(notice => notice.Text).ToList();
    }
}

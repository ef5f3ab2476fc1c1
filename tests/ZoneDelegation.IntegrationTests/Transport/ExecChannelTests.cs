using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Transport;

/// <summary>The transport suite over the exec path: one ssh session per command (Connect-ComputeNode -Channel Exec).</summary>
[Collection(TestbedCollection.Name)]
public sealed class ExecChannelTests(TestbedFixture testbed, ITestOutputHelper output) : SshTransportTests(testbed, output)
{
    protected override CommandChannel Channel => CommandChannel.Exec;

    [TestbedFact]
    public void LocalConnectionRunsTheCnsStandIns()
    {
        var cn = Testbed.Legacy;
        using var connection = TestbedFixture.ConnectLocal(cn);
        var (sysinfo, _) = connection.Transport.Run(new NativeCommand("sysinfo"));
        Assert.Contains($"\"Live Image\": \"{cn.LiveImage}\"", sysinfo, StringComparison.Ordinal);
        Assert.Contains($"\"Zpool\": \"{cn.Pool}\"", sysinfo, StringComparison.Ordinal);
        Assert.DoesNotContain("SDC Version", sysinfo, StringComparison.Ordinal);
        Assert.Contains(cn.Pool, TestbedFixture.RunOnCn(cn, "zfs", "list", "-H", "-o", "name", cn.Pool), StringComparison.Ordinal);
    }
}

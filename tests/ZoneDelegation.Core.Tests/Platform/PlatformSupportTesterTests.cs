using Xunit;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Tests.Fakes;

namespace ZoneDelegation.Core.Tests.Platform;

public class PlatformSupportTesterTests
{
    private static readonly string[] CheckOrder =
    [
        PlatformCheckNames.PlatformStamp, PlatformCheckNames.PoolFeature, PlatformCheckNames.SnapshotLimitProperty,
        PlatformCheckNames.PrivilegeKnown, PlatformCheckNames.VmadmPresent,
    ];

    [Fact]
    public void SmartosCnIsSupported()
    {
        using var connection = FakeComputeNodes.Smartos().Connect();

        var support = PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault);

        Assert.True(support.Supported, string.Join(" | ", support.Reasons));
        Assert.Equal(CheckOrder, support.Checks.Select(c => c.Name));
        Assert.Empty(support.Reasons);
        Assert.Equal("20240101T000000Z", support.LiveImage);
        Assert.Equal("6.5", support.SdcVersion);
        Assert.Equal("20150418T000000Z", support.MinimumPlatform);
        Assert.Contains("enabled", support[PlatformCheckNames.PoolFeature].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyCnFailsEveryCheckWithItsReason()
    {
        using var connection = FakeComputeNodes.Legacy().Connect();

        var support = PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault);

        Assert.False(support.Supported);
        Assert.All(support.Checks, check => Assert.False(check.Passed, check.Name));
        Assert.Equal(5, support.Reasons.Count);
        Assert.Contains("20141030T081701Z is older than the minimum 20150418T000000Z", support[PlatformCheckNames.PlatformStamp].Reason, StringComparison.Ordinal);
        Assert.Contains("has no filesystem_limits feature", support[PlatformCheckNames.PoolFeature].Reason, StringComparison.Ordinal);
        Assert.Contains("invalid property 'snapshot_limit'", support[PlatformCheckNames.SnapshotLimitProperty].Reason, StringComparison.Ordinal);
        Assert.Contains("ppriv command was not found", support[PlatformCheckNames.PrivilegeKnown].Reason, StringComparison.Ordinal);
        Assert.Contains("vmadm command was not found", support[PlatformCheckNames.VmadmPresent].Reason, StringComparison.Ordinal);
        Assert.All(support.Reasons, reason => Assert.True(char.IsUpper(reason[0]) && reason.EndsWith('.'), reason));
    }

    [Fact]
    public void NoSysinfoMeansNotSmartos()
    {
        var transport = FakeComputeNodes.Smartos().Missing("sysinfo")
            .On("zfs list -H -p -o name zones", "zones\n")
            .On("zpool get -H -o name,property,value,source feature@filesystem_limits zones", "zones\tfeature@filesystem_limits\tactive\tlocal\n")
            .On("zfs get -H -o property snapshot_limit zones", "snapshot_limit\n");
        using var connection = transport.Connect();

        var support = PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault);

        Assert.False(support.Supported);
        Assert.Null(support.LiveImage);
        Assert.Equal([support[PlatformCheckNames.PlatformStamp].Reason], support.Reasons);
        Assert.Contains("not a SmartOS compute node: sysinfo was not found", support.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DisabledPoolFeatureFailsWithTheCommandThatEnablesIt()
    {
        var transport = FakeComputeNodes.Smartos()
            .On("zpool get -H -o name,property,value,source feature@filesystem_limits tank", "tank\tfeature@filesystem_limits\tdisabled\tlocal\n");
        using var connection = transport.Connect();

        var support = PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault);

        Assert.False(support.Supported);
        Assert.Equal([support[PlatformCheckNames.PoolFeature].Reason], support.Reasons);
        Assert.Contains("zpool set feature@filesystem_limits=enabled tank", support.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPrivilegeFailsThePrivilegeCheck()
    {
        var transport = FakeComputeNodes.Smartos().On("ppriv -l sys_fs_import", exitCode: 1, stderr: "ppriv: sys_fs_import: unknown privilege\n");
        using var connection = transport.Connect();

        var support = PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault);

        Assert.False(support[PlatformCheckNames.PrivilegeKnown].Passed);
        Assert.Contains("unknown privilege", support[PlatformCheckNames.PrivilegeKnown].Reason, StringComparison.Ordinal);
        Assert.Single(support.Reasons);
    }

    [Fact]
    public void PerVersionMinimumUsesTheDapiRule()
    {
        using var connection = FakeComputeNodes.Smartos("20140101T000000Z").Connect();

        var tooOld = PlatformSupportTester.Test(connection, MinimumPlatform.Parse("""{"6.5": "20150418T000000Z"}"""));
        var between = PlatformSupportTester.Test(connection, MinimumPlatform.Parse("""{"6.0": "20150418T000000Z", "7.0": "20150418T000000Z"}"""));

        Assert.False(tooOld[PlatformCheckNames.PlatformStamp].Passed);
        Assert.True(between[PlatformCheckNames.PlatformStamp].Passed);
    }
}

using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Tests.Fakes;

namespace ZoneDelegation.Core.Tests.Platform;

public class ComputeNodeProbeTests
{
    [Fact]
    public void SmartosFactsComeFromSysinfoVmadmAndZfsListP()
    {
        var transport = FakeComputeNodes.Smartos();
        using var connection = transport.Connect();

        var facts = ComputeNodeProbe.Get(connection);

        Assert.Equal("tank", facts.Zpool);
        Assert.Equal("20240101T000000Z", facts.SysInfo?.LiveImageText);
        Assert.True(facts.HasVmadm);
        Assert.True(facts.SupportsParsableList);
        Assert.Equal(["sysinfo", "vmadm", "zfs list -H -p -o name tank"], transport.CommandKeys);
    }

    [Fact]
    public void FactsAreProbedOncePerConnection()
    {
        var transport = FakeComputeNodes.Smartos();
        using var connection = transport.Connect();

        var first = ComputeNodeProbe.Get(connection);
        var second = ComputeNodeProbe.Get(connection);

        Assert.Same(first, second);
        Assert.Equal(3, transport.Commands.Count);

        ComputeNodeProbe.Forget(connection);
        ComputeNodeProbe.Get(connection);
        Assert.Equal(6, transport.Commands.Count);
    }

    [Fact]
    public void LegacyHasNoVmadmAndNoParsableList()
    {
        using var connection = FakeComputeNodes.Legacy().Connect();

        var facts = ComputeNodeProbe.Get(connection);

        Assert.False(facts.HasVmadm);
        Assert.False(facts.SupportsParsableList);
        Assert.Equal("tank", facts.Zpool);
    }

    [Fact]
    public void MissingSysinfoIsAnAnswerAndThePoolDefaultsToZones()
    {
        var transport = new ScriptedTransport().Missing("sysinfo").Missing("vmadm")
            .On("zfs list -H -p -o name zones", exitCode: 1, stderr: "cannot open 'zones': dataset does not exist\n");
        using var connection = transport.Connect();

        var facts = ComputeNodeProbe.Get(connection);

        Assert.Null(facts.SysInfo);
        Assert.Equal("zones", facts.Zpool);
        Assert.False(facts.HasVmadm);
        Assert.False(facts.SupportsParsableList);
    }

    [Fact]
    public void ALostConnectionPropagatesAndNothingIsCached()
    {
        var transport = FakeComputeNodes.Smartos().LoseConnection("vmadm");
        using var connection = transport.Connect();

        var error = Assert.Throws<NativeCommandException>(() => ComputeNodeProbe.Get(connection));
        Assert.Equal(ErrorIds.ConnectionLost, error.ErrorId);

        transport.On("vmadm", exitCode: 2);
        Assert.True(ComputeNodeProbe.Get(connection).HasVmadm);
    }

    [Fact]
    public void ALocalProgramThatCannotStartIsMissing()
    {
        var error = new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.ObjectNotFound,
            "'vmadm' could not be started", "cn1", "LC_ALL=C 'vmadm'", null, string.Empty);
        Assert.True(NativeProbe.IsMissingProgram(error));

        var failed = new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.InvalidResult,
            "exit 2", "cn1", "LC_ALL=C 'vmadm'", 2, "usage");
        Assert.False(NativeProbe.IsMissingProgram(failed));
    }

    [Fact]
    public void ASysinfoPoolThatIsNotAPoolNameIsRefused()
    {
        var transport = new ScriptedTransport().On("sysinfo", FakeComputeNodes.SysInfo("20240101T000000Z", "zones/x'; reboot"));
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ComputeNodeProbe.Get(connection));

        Assert.Equal(ErrorIds.InvalidDatasetName, error.ErrorId);
        Assert.Equal(["sysinfo"], transport.CommandKeys);
    }
}

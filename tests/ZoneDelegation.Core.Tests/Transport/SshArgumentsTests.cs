using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

public class SshArgumentsTests
{
    private static SshConnectionOptions Options(HostKeyPolicy policy = HostKeyPolicy.Strict) => new()
    {
        HostName = "cn1.example",
        Port = 2222,
        User = "root",
        IdentityFile = "/keys/id 50%",
        KnownHostsFile = "/keys/known hosts",
        HostKeyPolicy = policy,
        ConfigFile = "/dev/null",
        ConnectTimeout = TimeSpan.FromSeconds(7.2),
        ServerAliveInterval = TimeSpan.FromSeconds(15),
    };

    private static string? OptionValue(IReadOnlyList<string> argv, string name)
    {
        for (var i = 0; i < argv.Count - 1; i++)
        {
            if (argv[i] == "-o" && argv[i + 1].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return argv[i + 1][(name.Length + 1)..];
            }
        }

        return null;
    }

    [Theory]
    [InlineData(HostKeyPolicy.Strict, "yes")]
    [InlineData(HostKeyPolicy.AcceptNew, "accept-new")]
    public void HostKeyPolicyMapsToStrictHostKeyChecking(HostKeyPolicy policy, string expected)
    {
        var arguments = new SshArguments(Options(policy), "/tmp/s/master");
        foreach (var argv in new[] { arguments.Master(), arguments.Command("true"), arguments.Control("check") })
        {
            Assert.Equal(expected, OptionValue(argv, "StrictHostKeyChecking"));
        }
    }

    [Fact]
    public void NoInvocationEverDisablesHostKeyChecking()
    {
        foreach (HostKeyPolicy policy in Enum.GetValues<HostKeyPolicy>())
        {
            var arguments = new SshArguments(Options(policy), "/tmp/s/master");
            foreach (var argv in new[] { arguments.Master(), arguments.Command("x"), arguments.Control("exit"), arguments.HostKeyProbe() })
            {
                Assert.DoesNotContain(argv, a => a.Equals("StrictHostKeyChecking=no", StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(argv, a => a.Contains("UserKnownHostsFile=/dev/null", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void EveryInvocationCarriesTheConnectionOptions()
    {
        var argv = new SshArguments(Options(), "/tmp/s/master").Command("true");
        Assert.Equal("yes", OptionValue(argv, "BatchMode"));
        Assert.Equal("8", OptionValue(argv, "ConnectTimeout"));
        Assert.Equal("15", OptionValue(argv, "ServerAliveInterval"));
        Assert.Equal("3", OptionValue(argv, "ServerAliveCountMax"));
        Assert.Equal("\"/keys/known hosts\"", OptionValue(argv, "UserKnownHostsFile"));
        Assert.Equal("/dev/null", OptionValue(argv, "GlobalKnownHostsFile"));
        Assert.Equal("yes", OptionValue(argv, "IdentitiesOnly"));
        Assert.Equal("/keys/id 50%%", argv[argv.ToList().IndexOf("-i") + 1]);
        Assert.Equal("2222", argv[argv.ToList().IndexOf("-p") + 1]);
        Assert.Equal("root", argv[argv.ToList().IndexOf("-l") + 1]);
        Assert.Equal("/dev/null", argv[argv.ToList().IndexOf("-F") + 1]);
        Assert.Equal("/tmp/s/master", argv[argv.ToList().IndexOf("-S") + 1]);
        Assert.Equal("no", OptionValue(argv, "ControlMaster"));
    }

    [Fact]
    public void HostAndRemoteCommandComeAfterTheEndOfOptions()
    {
        var argv = new SshArguments(Options(), "/tmp/s/master").Command("echo hi");
        Assert.Equal(["--", "cn1.example", "echo hi"], argv.TakeLast(3));
    }

    [Fact]
    public void MasterRunsInTheForegroundWithoutACommand()
    {
        var argv = new SshArguments(Options(), "/tmp/s/master").Master();
        Assert.Contains("-M", argv);
        Assert.Contains("-N", argv);
        Assert.DoesNotContain("-f", argv);
        Assert.Equal("yes", OptionValue(argv, "ControlMaster"));
        Assert.Equal(["--", "cn1.example"], argv.TakeLast(2));
    }

    [Fact]
    public void DefaultsLeaveTheOperatorsSshConfigInCharge()
    {
        var argv = new SshArguments(new SshConnectionOptions { HostName = "cn2" }, "/tmp/s/m").Command("true");
        Assert.DoesNotContain("-F", argv);
        Assert.DoesNotContain("-p", argv);
        Assert.DoesNotContain("-l", argv);
        Assert.DoesNotContain("-i", argv);
        Assert.Null(OptionValue(argv, "UserKnownHostsFile"));
        Assert.Equal("yes", OptionValue(argv, "StrictHostKeyChecking"));
    }

    [Fact]
    public void HostKeyProbeIsAlwaysStrictAndBypassesTheMaster()
    {
        var argv = new SshArguments(Options(HostKeyPolicy.AcceptNew), "/tmp/s/master").HostKeyProbe();
        Assert.Equal("yes", OptionValue(argv, "StrictHostKeyChecking"));
        Assert.Equal("none", OptionValue(argv, "ControlPath"));
        Assert.DoesNotContain("-S", argv);
    }

    [Fact]
    public void OnlyCheckAndExitAreControlRequests()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SshArguments(Options(), "/s").Control("stop"));
    }

    /// <summary>Issue 8 item 13: a CN may not open forwardings or make the client run local commands.</summary>
    [Fact]
    public void MasterAndCommandsClearForwardingsAndLocalCommands()
    {
        var arguments = new SshArguments(Options(), "/tmp/s/master");
        foreach (var argv in new[] { arguments.Master(), arguments.Command("true") })
        {
            Assert.Equal("yes", OptionValue(argv, "ClearAllForwardings"));
            Assert.Equal("no", OptionValue(argv, "PermitLocalCommand"));
        }
    }

    /// <summary>Issue 8 item 6: a command never connects by itself when the master's socket does not answer.</summary>
    [Fact]
    public void CommandsCannotFallBackToALoginOfTheirOwn()
    {
        var argv = new SshArguments(Options(), "/tmp/s/master", "/bin/false").Command("true");
        Assert.Equal("/bin/false", OptionValue(argv, "ProxyCommand"));
        Assert.Equal("no", OptionValue(argv, "ControlMaster"));
    }
}

using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Connections;

public class ConnectionOptionsValidatorTests
{
    private static void Refused(SshConnectionOptions options)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ConnectionOptionsValidator.Validate(options, _ => true));
        Assert.Equal(ErrorIds.InvalidConnectionParameter, error.ErrorId);
    }

    /// <summary>Issue 8 item 11: "$" matched before a final newline; the patterns end with \z.</summary>
    [Theory]
    [InlineData("cn1\n")]
    [InlineData("cn1\nProxyCommand=x")]
    [InlineData("-oProxyCommand=x")]
    public void HostNamesWithATrailingNewlineAreRefused(string hostName) =>
        Refused(new SshConnectionOptions { HostName = hostName });

    [Theory]
    [InlineData("root\n")]
    [InlineData("root\r")]
    public void UserNamesWithATrailingNewlineAreRefused(string user) =>
        Refused(new SshConnectionOptions { HostName = "cn1", User = user });

    /// <summary>Issue 8 item 10: a path ssh cannot take as a config value is InvalidConnectionParameter, not an UnexpectedError.</summary>
    [Theory]
    [InlineData("/tmp/known\"hosts")]
    [InlineData("/tmp/known\nhosts")]
    public void KnownHostsPathsWithAQuoteOrNewlineAreRefused(string path)
    {
        Refused(new SshConnectionOptions { HostName = "cn1", KnownHostsFile = path });
        Refused(new SshConnectionOptions { HostName = "cn1", IdentityFile = path });
    }

    [Fact]
    public void OrdinaryValuesPass()
    {
        ConnectionOptionsValidator.Validate(new SshConnectionOptions { HostName = "cn1.example", User = "root", KnownHostsFile = "/tmp/known hosts" }, _ => true);
        ConnectionOptionsValidator.Validate(new SshConnectionOptions { HostName = "10.0.1.11", SshExecutable = "/usr/bin/ssh" }, _ => true);
    }
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport.Channel;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.HostedTests.Connections;

/// <summary>Connect-ComputeNode -Channel in a real runspace: the default, Exec, a blank value, and the same answers over both.</summary>
[Collection(HostedCollection.Name)]
public sealed class CommandChannelTests(HostedSandbox sandbox)
{
    [Fact]
    public void Ssh_connections_use_persistent_channels_by_default_and_Exec_on_request()
    {
        var cn = sandbox.ComputeNode;
        var result = sandbox.Session.Invoke(
            """
            $cn = $args[0]
            $common = @{ HostName = $cn.Address; Port = $cn.Port; User = $cn.User; IdentityFile = $cn.IdentityFile
                         KnownHostsFile = $cn.KnownHostsFile; SshConfigFile = '/dev/null'; ErrorAction = 'Stop' }
            $exec = Connect-ComputeNode @common -Name hosted-exec -Channel Exec
            $blank = Connect-ComputeNode @common -Name hosted-blank -Channel ''
            # Fresh connections both: the platform probes are kept per connection, and other tests change the pool.
            $persistent = Connect-ComputeNode @common -Name hosted-chan -Channel Persistent
            [pscustomobject]@{
                Default      = (Get-ComputeNodeConnection -ComputeNode hosted-cn).Channel
                Exec         = $exec.Channel
                Blank        = $blank.Channel
                OverChannel  = [string](Test-PlatformSupport -ComputeNode hosted-chan | ConvertTo-Json -Depth 4 -Compress)
                OverExec     = [string](Test-PlatformSupport -ComputeNode hosted-exec | ConvertTo-Json -Depth 4 -Compress)
                ShownInList  = [string](Get-ComputeNodeConnection -ComputeNode hosted-exec | Format-List | Out-String -Width 200)
            }
            Disconnect-ComputeNode -ComputeNode hosted-exec, hosted-blank, hosted-chan -Confirm:$false
            """, cn).ThrowIfFailed().Output.Single();

        Assert.Equal(nameof(CommandChannel.Persistent), result.Properties["Default"].Value);
        Assert.Equal(nameof(CommandChannel.Exec), result.Properties["Exec"].Value);
        Assert.Equal(nameof(CommandChannel.Persistent), result.Properties["Blank"].Value);
        Assert.Matches(@"Channel\s*: Exec", result.Properties["ShownInList"].Value.ToString());

        // The same cmdlet over either channel says the same thing, apart from the connection's own name.
        var overChannel = result.Properties["OverChannel"].Value.ToString()!.Replace("hosted-chan", "X", StringComparison.Ordinal);
        var overExec = result.Properties["OverExec"].Value.ToString()!.Replace("hosted-exec", "X", StringComparison.Ordinal);
        Assert.Equal(overChannel, overExec);
    }

    [Fact]
    public void The_default_connection_really_runs_on_a_channel()
    {
        _ = sandbox.ComputeNode;
        // The transport is internal (no output object shows it): read it from the connection object itself.
        var connection = (ComputeNodeConnection)sandbox.Session.Invoke("Get-ComputeNodeConnection -ComputeNode hosted-cn").ThrowIfFailed().BaseObjects.Single();
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        sandbox.Session.Invoke("Test-PlatformSupport -ComputeNode hosted-cn | Out-Null").ThrowIfFailed();
        Assert.True(channels.ChannelsOpened >= 1);
    }
}

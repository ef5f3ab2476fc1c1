namespace ZoneDelegation.HostedTests.Connections;

/// <summary>
/// Issue 17 item 12, in a real runspace: a default connection for commands without -ComputeNode while several are
/// open, shown by Get-ComputeNodeConnection; and ForEach-Object -Parallel sees the session's connections (they are
/// the process's).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class DefaultConnectionTests(HostedSandbox sandbox)
{
    [TestbedFact]
    public void With_several_connections_open_commands_without_ComputeNode_use_the_default()
    {
        var cn = sandbox.ComputeNode;
        var session = sandbox.Session;
        try
        {
            var result = session.Invoke(
                """
                $cn = $args[0]
                $common = @{ HostName = $cn.Address; Port = $cn.Port; User = $cn.User; IdentityFile = $cn.IdentityFile
                             KnownHostsFile = $cn.KnownHostsFile; SshConfigFile = '/dev/null'; ErrorAction = 'Stop' }
                Connect-ComputeNode @common -Name hosted-def-a | Out-Null
                $before = try { Test-PlatformSupport -ErrorAction Stop; 'no error' } catch { $_ }
                $made = Connect-ComputeNode @common -Name hosted-def-b -Default
                [pscustomobject]@{
                    Before      = $before
                    MadeDefault = $made.IsDefault
                    Read        = (Test-PlatformSupport -ErrorAction Stop).ComputeNode
                    Defaults    = @(Get-ComputeNodeConnection | Where-Object IsDefault).ComputeNode -join ','
                    Table       = Get-ComputeNodeConnection -ComputeNode hosted-def-b | Out-String -Width 120
                }
                Disconnect-ComputeNode -ComputeNode hosted-def-b -Confirm:$false
                try { Test-PlatformSupport -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId }
                """, cn).ThrowIfFailed();

            var summary = result.Output[0];
            var before = (System.Management.Automation.ErrorRecord)summary.Properties["Before"].Value;
            Assert.StartsWith("ComputeNodeAmbiguous,", before.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("-Default", before.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.True(summary.Get<bool>("MadeDefault"));
            Assert.Equal("hosted-def-b", summary.Get<string>("Read"));
            Assert.Equal("hosted-def-b", summary.Get<string>("Defaults"));
            Assert.Matches(@"IsDefault[\s\S]*hosted-def-b\s+True\s+True", summary.Get<string>("Table"));

            // Disconnecting the default leaves none: ambiguous again.
            Assert.StartsWith("ComputeNodeAmbiguous,", (string)result.Output[1].BaseObject, StringComparison.Ordinal);
        }
        finally
        {
            session.Invoke("Disconnect-ComputeNode -ComputeNode hosted-def-a, hosted-def-b -ErrorAction SilentlyContinue");
        }
    }

    [TestbedFact]
    public void ForEach_Object_Parallel_sees_the_connections_of_the_session()
    {
        _ = sandbox.ComputeNode;
        var result = sandbox.Session.Invoke(
            """
            $manifest = $args[0]
            'hosted-cn' | ForEach-Object -Parallel {
                Import-Module $using:manifest
                (Test-PlatformSupport -ComputeNode $_ -ErrorAction Stop).ComputeNode
            }
            """, Infrastructure.PowerShellSession.ModuleManifest).ThrowIfFailed();

        Assert.Equal(["hosted-cn"], result.BaseObjects);
    }
}

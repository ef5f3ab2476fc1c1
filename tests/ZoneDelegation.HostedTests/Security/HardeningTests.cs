using System.Diagnostics;
using System.Management.Automation;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.HostedTests.Security;

/// <summary>Issue 8 in a real runspace: what binds from a CSV (item 3), and Ctrl+C (item 5).</summary>
[Collection(HostedCollection.Name)]
public sealed class HardeningTests(HostedSandbox sandbox)
{
    /// <summary>Item 3: an inventory CSV cannot choose the host key policy, the known_hosts file or the key.</summary>
    [Fact]
    public void Security_columns_of_a_csv_do_not_bind()
    {
        var csv = Path.Combine(sandbox.WorkDirectory, "hostile-inventory.csv");
        File.WriteAllLines(csv,
        [
            "HostName,Port,HostKeyPolicy,KnownHostsFile,IdentityFile",
            "127.0.0.1,1,AcceptNew,/dev/null,/tmp/attacker-key",
        ]);

        var result = sandbox.Session.Invoke(
            """
            Import-Csv -LiteralPath $args[0] | Connect-ComputeNode -ConnectTimeoutSec 1 -ErrorAction SilentlyContinue -ErrorVariable failed
            $failed | ForEach-Object FullyQualifiedErrorId
            """, csv);

        var text = string.Join("\n", result.Output.Select(o => o?.ToString()));
        // Port 1 is closed: the host fails as unreachable. Had the columns bound, the missing key file
        // would have been refused first (InvalidConnectionParameter).
        Assert.Contains(result.Output.Select(o => o?.ToString() ?? string.Empty), id => id.StartsWith("ComputeNodeUnreachable", StringComparison.Ordinal));
        Assert.DoesNotContain("HostKeyNotRecorded", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidConnectionParameter", text, StringComparison.Ordinal);

        var parameters = sandbox.Session.Invoke(
            """
            $command = Get-Command Connect-ComputeNode
            foreach ($name in 'HostKeyPolicy', 'KnownHostsFile', 'IdentityFile') {
                $piped = @($command.Parameters[$name].ParameterSets.Values | Where-Object { $_.ValueFromPipelineByPropertyName -or $_.ValueFromPipeline })
                "$name $($piped.Count)"
            }
            """).ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(["HostKeyPolicy 0", "KnownHostsFile 0", "IdentityFile 0"], parameters);
    }

    /// <summary>Item 5: Ctrl+C (PowerShell.Stop) ends a cmdlet blocked on a hung compute node, and the command with it.</summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Stop_ends_a_cmdlet_waiting_on_a_hung_compute_node()
    {
        var marker = "97." + Random.Shared.Next(100000, 999999);
        var hung = Path.Combine(sandbox.WorkDirectory, "hung-bin");
        Directory.CreateDirectory(hung);
        foreach (var program in new[] { "sysinfo", "zfs", "zpool", "vmadm" })
        {
            var path = Path.Combine(hung, program);
            File.WriteAllText(path, $"#!/bin/sh\nexec sleep {marker}\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var session = new PowerShellSession();
        session.Invoke("Connect-ComputeNode -Local -Name hung-cn -Environment @{ PATH = $args[0] + ':/usr/bin:/bin' } -CommandTimeoutSec 300 | Out-Null", hung).ThrowIfFailed();
        using var shell = PowerShell.Create();
        shell.Runspace = session.Runspace;
        shell.AddScript("Get-DatasetLimit -ComputeNode hung-cn -Zone 6a1f5f4e-8b52-4d8e-9a8c-2f3d5c2b7e11");
        var invocation = shell.BeginInvoke();
        WaitUntil(() => Pgrep(marker) > 0);

        var watch = Stopwatch.StartNew();
        shell.Stop();
        watch.Stop();
        Assert.True(invocation.IsCompleted);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"Stop took {watch.Elapsed}");
        WaitUntil(() => Pgrep(marker) == 0);
    }

    private static int Pgrep(string marker)
    {
        using var local = new LocalTransport();
        var (found, _) = local.Run(new NativeCommand("pgrep", "-f", "^sleep " + marker.Replace(".", "\\.", StringComparison.Ordinal) + "$") { SuccessExitCodes = [0, 1] });
        return found.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "condition not met in time");
            Thread.Sleep(50);
        }
    }
}

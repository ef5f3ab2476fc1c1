using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Connections;

/// <summary>
/// Issue 17 item 9, in a real runspace against the sandbox CN: an inventory CSV piped into Connect-ComputeNode.
/// Its IdentityFile/KnownHostsFile columns are named in one warning; the same CN twice is one connection; under
/// -ErrorAction Stop the CNs that connect stay connected and the one terminating error names every failure.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class InventoryConnectTests(HostedSandbox sandbox)
{
    // Nothing listens on these ports of this machine: connect() is refused at once.
    private const string Refused = "127.0.0.1";

    [TestbedFact]
    public void IdentityFile_and_KnownHostsFile_columns_are_named_in_one_warning_with_how_to_give_them()
    {
        var cn = sandbox.ComputeNode;
        var csv = WriteCsv("keys.csv", "HostName,Port,User,Name,IdentityFile,KnownHostsFile",
            $"{cn.Address},{cn.Port},{cn.User},hosted-keys-a,{cn.IdentityFile},{cn.KnownHostsFile}",
            $"{cn.Address},{cn.Port},{cn.User},hosted-keys-b,{cn.IdentityFile},{cn.KnownHostsFile}");

        var result = sandbox.Session.Invoke(
            "Import-Csv $args[0] | Connect-ComputeNode -SshConfigFile /dev/null -ConnectTimeoutSec 5", csv);

        // The columns were not used (the CN's key is in no default known_hosts file): each row is HostKeyUnknown,
        // whose hint says how to name the file that has the key.
        Assert.Empty(result.Output);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.StartsWith("HostKeyUnknown,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("-KnownHostsFile", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        });
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("IdentityFile, KnownHostsFile", warning, StringComparison.Ordinal);
        Assert.Contains("-IdentityFile", warning, StringComparison.Ordinal);
        Assert.Contains("ssh config", warning, StringComparison.Ordinal);
    }

    [TestbedFact]
    public void The_same_compute_node_twice_in_the_input_is_one_connection()
    {
        var cn = sandbox.ComputeNode;
        var row = $"{cn.Address},{cn.Port},{cn.User},hosted-dup";
        var csv = WriteCsv("dup.csv", "HostName,Port,User,Name", row, row);
        try
        {
            var result = sandbox.Session.Invoke(
                """
                $cn = $args[1]
                $out = @(Import-Csv $args[0] | Connect-ComputeNode -IdentityFile $cn.IdentityFile -KnownHostsFile $cn.KnownHostsFile -SshConfigFile /dev/null)
                [pscustomobject]@{ Written = $out.Count; Open = $out[0].IsOpen; Registered = [object]::ReferenceEquals($out[0], (Get-ComputeNodeConnection -ComputeNode hosted-dup)) }
                """, csv, cn).ThrowIfFailed();

            var summary = Assert.Single(result.Output);
            Assert.Equal(1, summary.Get<int>("Written"));
            Assert.True(summary.Get<bool>("Open"));
            Assert.True(summary.Get<bool>("Registered"));
            Assert.Contains("appears 2 times in the input; it is connected once", Assert.Single(result.Warnings), StringComparison.Ordinal);
        }
        finally
        {
            sandbox.Session.Invoke("Disconnect-ComputeNode -ComputeNode hosted-dup -ErrorAction SilentlyContinue");
        }
    }

    [TestbedFact]
    public void Under_ErrorAction_Stop_the_good_compute_nodes_stay_connected_and_the_error_names_every_failure()
    {
        var cn = sandbox.ComputeNode;
        var csv = WriteCsv("dead.csv", "HostName,Port,User,Name",
            $"{Refused},1,root,hosted-dead-1",
            $"{cn.Address},{cn.Port},{cn.User},hosted-stop-a",
            $"{Refused},2,root,hosted-dead-2",
            $"{cn.Address},{cn.Port},{cn.User},hosted-stop-b");
        try
        {
            var result = sandbox.Session.Invoke(
                """
                $cn = $args[1]
                try {
                    Import-Csv $args[0] | Connect-ComputeNode -IdentityFile $cn.IdentityFile -KnownHostsFile $cn.KnownHostsFile `
                        -SshConfigFile /dev/null -ThrottleLimit 1 -ErrorAction Stop | ForEach-Object { "written $($_.ComputeNode)" }
                    'not reached'
                } catch {
                    $_
                }
                (Get-ComputeNodeConnection -ComputeNode hosted-stop-*).Where({ $_.IsOpen }).ComputeNode -join ','
                """, csv, cn);

            Assert.Empty(result.AllErrors);
            var output = result.BaseObjects;
            Assert.Contains("written hosted-stop-a", output);
            Assert.Contains("written hosted-stop-b", output);
            Assert.DoesNotContain("not reached", output);
            var stopped = Assert.Single(output.OfType<ErrorRecord>());
            Assert.StartsWith("ComputeNodeUnreachable,", stopped.FullyQualifiedErrorId, StringComparison.Ordinal);
            var failed = new[] { "hosted-dead-1", "hosted-dead-2" };
            Assert.Contains(stopped.TargetObject, failed);
            Assert.Contains(failed.Single(name => !name.Equals(stopped.TargetObject)) + " (ComputeNodeUnreachable", stopped.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("The 2 host(s) of this command that connected stay connected", stopped.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Equal("hosted-stop-a,hosted-stop-b", output[^1]);
        }
        finally
        {
            sandbox.Session.Invoke("Disconnect-ComputeNode -ComputeNode hosted-stop-a, hosted-stop-b -ErrorAction SilentlyContinue");
        }
    }

    private string WriteCsv(string name, params string[] lines)
    {
        var path = Path.Combine(sandbox.WorkDirectory, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}

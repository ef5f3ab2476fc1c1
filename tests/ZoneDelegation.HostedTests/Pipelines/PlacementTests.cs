using System.Text.RegularExpressions;

namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// Issue 18 part 1 in a real runspace: a CSV of zones piped into New-SafeZone -WhatIf over three sandbox CNs
/// (one with a platform too old for safe delegation, two alike) spreads the rows over the two that fit, each
/// "What if:" naming the chosen CN and why not the others; Get-ComputeNodeCapacity shows what it read.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed partial class PlacementTests(HostedSandbox sandbox)
{
    private const string Old = "hosted-place-old";
    private const string First = "hosted-place-a";
    private const string Second = "hosted-place-b";

    [TestbedFact]
    public void A_csv_piped_into_New_SafeZone_WhatIf_spreads_over_the_cns_that_fit_and_says_why_not_the_others()
    {
        StartComputeNodes();
        var prefix = "spread-" + Guid.NewGuid().ToString("N")[..6];
        var csv = Path.Combine(sandbox.WorkDirectory, prefix + ".csv");
        File.WriteAllLines(csv, ["Alias,Brand,MaxPhysicalMemory,Quota", .. Enumerable.Range(1, 4).Select(i => $"{prefix}-{i},joyent,536870912,0")]);
        sandbox.Host.Clear();

        var result = sandbox.HostedSession.Invoke(
            "Import-Csv -LiteralPath $args[0] | New-SafeZone -ComputeNode $args[1] -WhatIf", csv, new[] { Old, First, Second }).ThrowIfFailed();

        Assert.Empty(result.Output);
        var whatIf = string.Join("\n", sandbox.Host.Lines);
        var chosen = ChosenPattern().Matches(whatIf).Select(m => (Zone: m.Groups["zone"].Value, Cn: m.Groups["cn"].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, 4).Select(i => $"{prefix}-{i}"), chosen.Select(c => c.Zone));
        Assert.DoesNotContain(chosen, c => c.Cn == Old);
        Assert.Equal(2, chosen.Count(c => c.Cn == First));
        Assert.Equal(2, chosen.Count(c => c.Cn == Second));
        Assert.All(chosen.Zip(chosen.Skip(1)), pair => Assert.NotEqual(pair.First.Cn, pair.Second.Cn));
        Assert.Equal(4, Regex.Matches(whatIf, Regex.Escape($"{Old} not chosen: platform not supported (PlatformStamp: ")).Count);
        Assert.Contains("1 zone placed here earlier in this pipeline", whatIf, StringComparison.Ordinal);
        var created = sandbox.Session.Invoke("@(Get-SafeZone -ComputeNode $args[0] | Where-Object Alias -like $args[1]).Count",
            new[] { First, Second }, prefix + "*").ThrowIfFailed();
        Assert.Equal(0, (int)created.Output.Single().BaseObject);
    }

    [TestbedFact]
    public void Get_ComputeNodeCapacity_shows_each_cns_memory_and_platform()
    {
        StartComputeNodes();

        var rows = sandbox.Session.Invoke("Get-ComputeNodeCapacity -ComputeNode $args[0] | Sort-Object ComputeNode", (object)new[] { Old, First }).ThrowIfFailed().Output;

        Assert.Equal([First, Old], rows.Select(r => (string)r.Properties["ComputeNode"].Value));
        Assert.Equal(3072L, (long)rows[0].Properties["MemoryMiB"].Value);
        Assert.True((bool)rows[0].Properties["PlatformSupported"].Value);
        Assert.False((bool)rows[1].Properties["PlatformSupported"].Value);
        Assert.StartsWith("PlatformStamp: ", (string)rows[1].Properties["PlatformReasons"].Value, StringComparison.Ordinal);
    }

    /// <summary>
    /// The default connection is the operator's choice: New-SafeZone without -ComputeNode creates there, never on another
    /// open connection, and Get-ComputeNodeCapacity reads it alone (placement over every open connection is only for a
    /// session without a default).
    /// </summary>
    [TestbedFact]
    public void Without_ComputeNode_New_SafeZone_goes_to_the_default_connection_only()
    {
        StartComputeNodes();
        var cn = sandbox.ComputeNode;
        var alias = "default-" + Guid.NewGuid().ToString("N")[..6];
        sandbox.Host.Clear();
        try
        {
            var result = sandbox.HostedSession.Invoke(
                """
                $cn = $args[0]
                Connect-ComputeNode -HostName $cn.Address -Port $cn.Port -User $cn.User -IdentityFile $cn.IdentityFile `
                    -KnownHostsFile $cn.KnownHostsFile -SshConfigFile /dev/null -Name hosted-place-default -Default -ErrorAction Stop | Out-Null
                New-SafeZone -Alias $args[1] -Brand joyent -Quota 0 -WhatIf
                @(Get-ComputeNodeCapacity).ComputeNode
                """, cn, alias).ThrowIfFailed();

            var whatIf = string.Join("\n", sandbox.Host.Lines);
            Assert.Contains("[hosted-place-default]", whatIf, StringComparison.Ordinal);
            Assert.DoesNotContain("Placement of", whatIf, StringComparison.Ordinal);
            Assert.Equal(["hosted-place-default"], result.Output.Select(o => o.ToString()));
        }
        finally
        {
            sandbox.Session.Invoke("Disconnect-ComputeNode -ComputeNode hosted-place-default -Confirm:$false -ErrorAction SilentlyContinue");
        }
    }

    private void StartComputeNodes()
    {
        sandbox.DedicatedComputeNode(Old, shortName: "hpo", liveImage: "20141030T081701Z", memoryMiB: 8192);
        sandbox.DedicatedComputeNode(First, shortName: "hpa", memoryMiB: 3072);
        sandbox.DedicatedComputeNode(Second, shortName: "hpb", memoryMiB: 3072);
    }

    [GeneratedRegex(@"Placement of (?<zone>\S+): (?<cn>\S+) chosen among 3 compute nodes")]
    private static partial Regex ChosenPattern();
}

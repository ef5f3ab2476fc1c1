namespace ZoneDelegation.HostedTests.ShouldProcess;

/// <summary>
/// -WhatIf (and $WhatIfPreference) through a host that records the console: the "What if:" text
/// carries the exact command lines that would run on the CN, and nothing changes.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class WhatIfTests(HostedSandbox sandbox)
{
    [TestbedFact]
    public void Set_DatasetLimit_WhatIf_shows_the_vmadm_update_line_and_changes_nothing()
    {
        var zone = sandbox.Zone;
        var before = sandbox.SnapshotLimit(zone);
        var wanted = before + 7;

        var result = Run("Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2] -WhatIf", zone, wanted, HostedSandbox.ComputeNodeName);

        Assert.Empty(result.Output);
        var whatIf = WhatIfText();
        Assert.Contains($"LC_ALL=C 'vmadm' 'update' '{zone}' < (stdin payload)", whatIf, StringComparison.Ordinal);
        Assert.Contains($"[{HostedSandbox.ComputeNodeName}]", whatIf, StringComparison.Ordinal);
        Assert.Equal(before, sandbox.SnapshotLimit(zone));
    }

    [TestbedFact]
    public void WhatIfPreference_does_what_the_switch_does()
    {
        var zone = sandbox.Zone;
        var before = sandbox.SnapshotLimit(zone);

        // In a child scope: the session's scripts share the global scope, and the preference must not leak.
        Run("& { $WhatIfPreference = $true; Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2] } @args", zone, before + 3, HostedSandbox.ComputeNodeName);

        Assert.Contains($"LC_ALL=C 'vmadm' 'update' '{zone}' < (stdin payload)", WhatIfText(), StringComparison.Ordinal);
        Assert.Equal(before, sandbox.SnapshotLimit(zone));
    }

    [TestbedFact]
    public void New_SafeZone_WhatIf_shows_the_vmadm_create_line_and_creates_nothing()
    {
        _ = sandbox.ComputeNode;
        var alias = "whatif-" + Guid.NewGuid().ToString("N")[..6];

        var result = Run("New-SafeZone -Alias $args[0] -Brand joyent -ComputeNode $args[1] -WhatIf", alias, HostedSandbox.ComputeNodeName);

        Assert.Empty(result.Output);
        Assert.Contains("LC_ALL=C 'vmadm' 'create' < (stdin payload)", WhatIfText(), StringComparison.Ordinal);
        var found = sandbox.Session.Invoke("@(Get-SafeZone -Alias $args[0] -ComputeNode $args[1]).Count", alias, HostedSandbox.ComputeNodeName).ThrowIfFailed();
        Assert.Equal(0, (int)found.Output.Single().BaseObject);
    }

    [TestbedFact]
    public void Set_DatasetLimit_with_nothing_to_change_plans_no_command()
    {
        var zone = sandbox.Zone;
        var current = sandbox.SnapshotLimit(zone);

        var result = Run("Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2] -WhatIf -Verbose", zone, current, HostedSandbox.ComputeNodeName);

        Assert.DoesNotContain(sandbox.Host.Lines, line => line.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, line => line.Contains("nothing to run", StringComparison.Ordinal));
    }

    [Fact]
    public void Set_DelegationPolicy_WhatIf_names_the_file_and_writes_nothing()
    {
        var path = Path.Combine(sandbox.WorkDirectory, $"whatif-{Guid.NewGuid():N}.json");

        Run("Set-DelegationPolicy -Path $args[0] -Enabled $false -SnapshotLimit 64 -WhatIf", path);

        var whatIf = WhatIfText();
        Assert.Contains(path, whatIf, StringComparison.Ordinal);
        Assert.Contains("64", whatIf, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [TestbedFact]
    public void Disconnect_ComputeNode_WhatIf_keeps_the_connection()
    {
        _ = sandbox.ComputeNode;

        Run("Disconnect-ComputeNode -ComputeNode $args[0] -WhatIf", HostedSandbox.ComputeNodeName);

        Assert.Contains(HostedSandbox.ComputeNodeName, WhatIfText(), StringComparison.Ordinal);
        var open = sandbox.Session.Invoke("@(Get-ComputeNodeConnection -ComputeNode $args[0]).Count", HostedSandbox.ComputeNodeName).ThrowIfFailed();
        Assert.Equal(1, (int)open.Output.Single().BaseObject);
    }

    private InvocationResult Run(string script, params object?[] arguments)
    {
        var session = sandbox.HostedSession;
        sandbox.Host.Clear();
        return session.Invoke(script, arguments).ThrowIfFailed();
    }

    /// <summary>The What if: text as the host received it (one call may carry several lines).</summary>
    private string WhatIfText()
    {
        var text = string.Join("\n", sandbox.Host.Lines);
        Assert.Contains("What if:", text, StringComparison.Ordinal);
        return text;
    }
}

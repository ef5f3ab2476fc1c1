namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// The pipelines the docs and the README runbook show, run for real against the sandbox CN: objects
/// of one cmdlet bind to the next by property name (Uuid/Zone to -Zone, ComputeNode to -ComputeNode,
/// CSV columns to Connect-ComputeNode) or, for connections, by value.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ByPropertyNameTests(HostedSandbox sandbox)
{
    private const string Cn = HostedSandbox.ComputeNodeName;

    [TestbedFact]
    public void Get_SafeZone_pipes_to_Get_ZoneSnapshot()
    {
        // Get-ZoneSnapshot example 3.
        var zone = sandbox.Zone;
        var snapshot = Snapshot(zone, "pipe-" + Guid.NewGuid().ToString("N")[..6]);

        var result = sandbox.Session.Invoke(
            "Get-SafeZone -ComputeNode $args[0] -DelegatedOnly | Where-Object Uuid -eq $args[1] | Get-ZoneSnapshot -Name 'pipe-*'",
            Cn, zone).ThrowIfFailed();

        var found = Assert.Single(result.Output, s => (string)s.Properties["Name"].Value == snapshot);
        Assert.Equal(zone, found.Properties["Zone"].Value);
        Assert.Equal(Cn, found.Properties["ComputeNode"].Value);
    }

    [TestbedFact]
    public void Get_SafeZone_pipes_to_Get_DatasetLimit()
    {
        // Get-DatasetLimit example 2.
        var zone = sandbox.Zone;

        // Narrowed to the shared zone: every other test's zones would each cost a read.
        var result = sandbox.Session.Invoke("Get-SafeZone -ComputeNode $args[0] -DelegatedOnly | Where-Object Uuid -eq $args[1] | Get-DatasetLimit", Cn, zone).ThrowIfFailed();

        var limit = Assert.Single(result.Output, l => (string)l.Properties["Zone"].Value == zone);
        Assert.Equal(Cn, limit.Properties["ComputeNode"].Value);
        Assert.Equal(sandbox.SnapshotLimit(zone), Convert.ToInt64(limit.Properties["SnapshotLimit"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestbedFact]
    public void Get_SafeZone_pipes_to_Set_DatasetLimit()
    {
        // Set-DatasetLimit example 4 and the README runbook.
        var zone = sandbox.Zone;
        var wanted = sandbox.SnapshotLimit(zone) + 2;

        var result = sandbox.Session.Invoke(
            "Get-SafeZone -Uuid $args[1] -ComputeNode $args[0] | Set-DatasetLimit -SnapshotLimit $args[2] -Confirm:$false -PassThru",
            Cn, zone, wanted).ThrowIfFailed();

        var limit = Assert.Single(result.Output);
        Assert.Equal(zone, limit.Properties["Zone"].Value);
        Assert.Equal(wanted, Convert.ToInt64(limit.Properties["SnapshotLimit"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(wanted, sandbox.SnapshotLimit(zone));
    }

    [TestbedFact]
    public void Get_DatasetLimit_pipes_to_Set_DatasetLimit()
    {
        // A DatasetLimit carries Zone and ComputeNode: read, then change what was read.
        var zone = sandbox.Zone;
        var wanted = sandbox.SnapshotLimit(zone) + 1;

        var result = sandbox.Session.Invoke(
            "Get-DatasetLimit -Zone $args[1] -ComputeNode $args[0] | Set-DatasetLimit -SnapshotLimit $args[2] -Confirm:$false -PassThru",
            Cn, zone, wanted).ThrowIfFailed();

        Assert.Equal(wanted, Convert.ToInt64(Assert.Single(result.Output).Properties["SnapshotLimit"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestbedFact]
    public void A_new_zone_pipes_to_Get_ZoneSnapshot_and_Get_DatasetLimit()
    {
        // README runbook: $zone = New-SafeZone ...; $zone | Get-ZoneSnapshot | Group-Object Scope
        var zone = sandbox.CreateZone("pipe-new");
        sandbox.Session.SetVariable("pipeZone", sandbox.Session.Invoke("Get-SafeZone -Uuid $args[0] -ComputeNode $args[1]", zone, Cn).ThrowIfFailed().Output.Single());
        Snapshot(zone, "root-1");
        Snapshot(zone + "/data", "data-1");

        var groups = sandbox.Session.Invoke("$pipeZone | Get-ZoneSnapshot | Group-Object Scope | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }").ThrowIfFailed();
        var limit = sandbox.Session.Invoke("$pipeZone | Get-DatasetLimit").ThrowIfFailed();

        Assert.Equal(["Delegated=1", "Root=1"], groups.BaseObjects);
        Assert.Equal(zone, Assert.Single(limit.Output).Properties["Zone"].Value);
    }

    [TestbedFact]
    public void Connections_pipe_to_Test_PlatformSupport_and_Get_SafeZone()
    {
        // README runbook and Get-SafeZone example 2; connections bind by value.
        var zone = sandbox.Zone;

        var support = sandbox.Session.Invoke("Get-ComputeNodeConnection -ComputeNode $args[0] | Test-PlatformSupport", Cn).ThrowIfFailed();
        var zones = sandbox.Session.Invoke("Get-ComputeNodeConnection -ComputeNode $args[0] | Get-SafeZone -DelegatedOnly -ThrottleLimit 32", Cn).ThrowIfFailed();

        var result = Assert.Single(support.Output);
        Assert.Equal(Cn, result.Properties["ComputeNode"].Value);
        Assert.Equal(true, result.Properties["Supported"].Value);
        Assert.Contains(zones.Output, z => (string)z.Properties["Uuid"].Value == zone);
        Assert.All(zones.Output, z => Assert.Equal(Cn, z.Properties["ComputeNode"].Value));
    }

    [TestbedFact]
    public void A_CSV_inventory_connects_tests_and_disconnects()
    {
        // Connect-ComputeNode example 2, Test-PlatformSupport example 3, Disconnect-ComputeNode example 3.
        // Two inventory rows for the same sandbox CN under two names; the second leaves User blank (ssh's default).
        // The key and known_hosts come from the command line: they never bind from a CSV (issue 8 item 3).
        var cn = sandbox.ComputeNode;
        var csv = Path.Combine(sandbox.WorkDirectory, "cns.csv");
        File.WriteAllLines(csv,
        [
            "HostName,Port,User,Name",
            $"{cn.Address},{cn.Port},{cn.User},csv-a",
            $"{cn.Address},{cn.Port}, ,csv-b",
        ]);

        var tested = sandbox.Session.Invoke(
            "Import-Csv -LiteralPath $args[0] | Connect-ComputeNode -HostKeyPolicy Strict -IdentityFile $args[1] -KnownHostsFile $args[2] -SshConfigFile /dev/null -ThrottleLimit 32 | Test-PlatformSupport -ThrottleLimit 32 | Sort-Object ComputeNode",
            csv, cn.IdentityFile, cn.KnownHostsFile).ThrowIfFailed();
        var afterDisconnect = sandbox.Session.Invoke(
            "Get-ComputeNodeConnection -ComputeNode 'csv-*' | Disconnect-ComputeNode; @(Get-ComputeNodeConnection -ComputeNode 'csv-*').Count").ThrowIfFailed();

        Assert.Equal(["csv-a", "csv-b"], tested.Output.Select(s => s.Properties["ComputeNode"].Value));
        Assert.All(tested.Output, s => Assert.Equal(true, s.Properties["Supported"].Value));
        Assert.Equal(0, Assert.Single(afterDisconnect.Output).BaseObject);
    }

    /// <summary>Creates a snapshot on the CN with the real zfs (an arrange step, no ssh); returns its name.</summary>
    private string Snapshot(string datasetBelowPool, string name)
    {
        var cn = sandbox.ComputeNode;
        HostedSandbox.RunOnCn(cn, "sh", "-c", "\"$ZD_REAL_ZFS\" snapshot \"$1\"", "arrange", $"{cn.Pool}/{datasetBelowPool}@{name}");
        return name;
    }
}

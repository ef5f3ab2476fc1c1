namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// Every cmdlet that takes -ComputeNode accepts it as a name, as a connection object
/// (Get-ComputeNodeConnection), and from a piped object with a ComputeNode property (a CSV row, a
/// result of another cmdlet). A second connection is open throughout, so no CN is the default: a
/// result from hosted-cn proves the argument was bound and resolved.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ComputeNodeArgumentTests(HostedSandbox sandbox)
{
    private const string Other = "args-other";

    /// <summary>cmdlet, then its script with -ComputeNode $Target ($Target: the name, then the connection) and its piped form.</summary>
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "Get-SafeZone", "Get-SafeZone -Uuid $Zone -ComputeNode $Target", "[pscustomobject]@{ ComputeNode = $Name } | Get-SafeZone -Uuid $Zone" },
        { "Get-ZoneSnapshot", "Get-ZoneSnapshot -Zone $Zone -ComputeNode $Target", "[pscustomobject]@{ ComputeNode = $Name; Zone = $Zone } | Get-ZoneSnapshot" },
        { "Get-DatasetLimit", "Get-DatasetLimit -Zone $Zone -ComputeNode $Target", "[pscustomobject]@{ ComputeNode = $Name; Uuid = $Zone } | Get-DatasetLimit" },
        {
            "Set-DatasetLimit", "Set-DatasetLimit -Zone $Zone -SnapshotLimit $Limit -PassThru -ComputeNode $Target",
            "[pscustomobject]@{ ComputeNode = $Name; ZoneUuid = $Zone } | Set-DatasetLimit -SnapshotLimit $Limit -PassThru"
        },
        { "Test-PlatformSupport", "Test-PlatformSupport -ComputeNode $Target", "[pscustomobject]@{ ComputeNode = $Name } | Test-PlatformSupport" },
        { "Get-ComputeNodeConnection", "Get-ComputeNodeConnection -ComputeNode $Target", "[pscustomobject]@{ ComputeNode = $Name } | Get-ComputeNodeConnection" },
    };

    [TestbedTheory]
    [MemberData(nameof(Cases))]
    public void The_argument_selects_the_CN(string command, string withParameter, string piped)
    {
        var session = Arrange();
        if (withParameter.Contains("$Limit", StringComparison.Ordinal))
        {
            session.SetVariable("Limit", sandbox.SnapshotLimit(sandbox.Zone));
        }

        try
        {
            foreach (var (form, script) in new[]
            {
                ("name", "$Target = $Name; " + withParameter),
                ("connection", "$Target = Get-ComputeNodeConnection -ComputeNode $Name; " + withParameter),
                ("piped object", piped),
            })
            {
                var result = session.Invoke(script).ThrowIfFailed();

                Assert.True(result.Output.Count > 0, $"{command} ({form}) wrote nothing");
                Assert.All(result.Output, item => Assert.Equal(HostedSandbox.ComputeNodeName, item.Properties["ComputeNode"].Value?.ToString()));
            }
        }
        finally
        {
            session.Invoke("Disconnect-ComputeNode -ComputeNode $args[0]", Other).ThrowIfFailed();
        }
    }

    [TestbedFact]
    public void New_SafeZone_plans_on_the_CN_given_in_each_form()
    {
        // -WhatIf: the plan names the CN it was made for ("[hosted-cn] LC_ALL=C 'vmadm' 'create'"); nothing is created.
        Arrange();
        var session = sandbox.HostedSession;
        session.SetVariable("Name", HostedSandbox.ComputeNodeName);
        try
        {
            foreach (var script in new[]
            {
                "New-SafeZone -Alias args-name -Brand joyent -ComputeNode $Name -WhatIf",
                "New-SafeZone -Alias args-connection -Brand joyent -ComputeNode (Get-ComputeNodeConnection -ComputeNode $Name) -WhatIf",
                "[pscustomobject]@{ ComputeNode = $Name; Alias = 'args-piped'; Brand = 'joyent' } | New-SafeZone -WhatIf",
            })
            {
                sandbox.Host.Clear();
                session.Invoke(script).ThrowIfFailed();
                Assert.Contains($"[{HostedSandbox.ComputeNodeName}] LC_ALL=C 'vmadm' 'create'", string.Join("\n", sandbox.Host.Lines), StringComparison.Ordinal);
            }
        }
        finally
        {
            session.Invoke("Disconnect-ComputeNode -ComputeNode $args[0]", Other).ThrowIfFailed();
        }
    }

    [TestbedFact]
    public void Disconnect_ComputeNode_takes_a_name_a_connection_and_a_piped_object()
    {
        var session = Arrange();
        var result = session.Invoke(
            """
            Disconnect-ComputeNode -ComputeNode $args[0]
            Connect-ComputeNode -Local -Name $args[0] | Out-Null
            Disconnect-ComputeNode -ComputeNode (Get-ComputeNodeConnection -ComputeNode $args[0])
            Connect-ComputeNode -Local -Name $args[0] | Out-Null
            [pscustomobject]@{ ComputeNode = $args[0] } | Disconnect-ComputeNode
            # A name not connected is an error (issue 17 item 1): the count is what is asserted here.
            @(Get-ComputeNodeConnection -ComputeNode $args[0] -ErrorAction SilentlyContinue).Count
            @(Get-ComputeNodeConnection -ComputeNode $args[1]).Count
            """, Other, HostedSandbox.ComputeNodeName).ThrowIfFailed();

        Assert.Equal([0, 1], result.BaseObjects);
    }

    /// <summary>The shared zone with a snapshot, and a second connection open.</summary>
    private PowerShellSession Arrange()
    {
        var cn = sandbox.ComputeNode;
        var zone = sandbox.Zone;
        HostedSandbox.RunOnCn(cn, "sh", "-c", "\"$ZD_REAL_ZFS\" list -H -o name \"$1\" >/dev/null 2>&1 || \"$ZD_REAL_ZFS\" snapshot \"$1\"",
            "arrange", $"{cn.Pool}/{zone}@args-snapshot");
        var session = sandbox.Session;
        session.SetVariable("Name", HostedSandbox.ComputeNodeName);
        session.SetVariable("Zone", zone);
        session.Invoke("Connect-ComputeNode -Local -Name $args[0] | Out-Null", Other).ThrowIfFailed();
        return session;
    }
}

using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// Issue 17 items 1, 5 and 6 in a real runspace against sandbox CNs: zones named by alias or wildcard, an alias
/// on several zones (ZoneAmbiguous), one not-found rule for every Get-*, one name for a snapshot from
/// New-ZoneSnapshot to Remove-ZoneSnapshot, and Get-SafeZone over a CN without vmadm beside a SmartOS one.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ZoneNameTests(HostedSandbox sandbox)
{
    private const string Cn = HostedSandbox.ComputeNodeName;
    private const string NoZone = "6f0d3b4a-0000-4000-8000-00000000dead";
    private readonly string tag = Guid.NewGuid().ToString("N")[..6];

    private static string ErrorId(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

    [TestbedFact]
    public void A_zone_is_found_by_its_alias_in_every_cmdlet_that_reads_one()
    {
        var zone = sandbox.CreateZone($"web-{tag}");
        var alias = $"web-{tag}";

        var safeZone = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn} $args[0]", alias).ThrowIfFailed();
        var byUuidParameter = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn} -Uuid $args[0]", zone).ThrowIfFailed();
        var limit = sandbox.Session.Invoke($"Get-DatasetLimit -ComputeNode {Cn} -Zone $args[0]", alias).ThrowIfFailed();
        var audit = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} -Zone $args[0]", alias).ThrowIfFailed();
        var snapshots = sandbox.Session.Invoke($"Get-ZoneSnapshot -ComputeNode {Cn} -Zone $args[0]", alias).ThrowIfFailed();

        Assert.Equal(zone, safeZone.Output.Single().Get<string>("Uuid"));
        Assert.Equal(zone, byUuidParameter.Output.Single().Get<string>("Uuid"));
        Assert.Equal(zone, limit.Output.Single().Get<string>("Zone"));
        Assert.Equal(zone, audit.Output.Single().Get<string>("Zone"));
        Assert.Empty(snapshots.Output);
    }

    [TestbedFact]
    public void An_alias_on_two_zones_is_ZoneAmbiguous_naming_both_and_a_writer_changes_neither()
    {
        var alias = $"twin-{tag}";
        var first = sandbox.CreateZone(alias);
        var second = sandbox.CreateZone(alias);

        var read = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn} -Zone $args[0]", alias);
        var write = sandbox.Session.Invoke($"Set-DatasetLimit -ComputeNode {Cn} -Zone $args[0] -SnapshotLimit 77 -Confirm:$false", alias);

        Assert.Empty(read.Output);
        var error = read.SingleError();
        Assert.Equal("ZoneAmbiguous", ErrorId(error));
        Assert.Contains(first, error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(alias, error.TargetObject);
        Assert.Equal("ZoneAmbiguous", ErrorId(write.SingleError()));
        Assert.NotEqual(77, sandbox.SnapshotLimit(first));
        Assert.NotEqual(77, sandbox.SnapshotLimit(second));
    }

    [TestbedFact]
    public void A_wildcard_reads_every_zone_it_matches_and_a_writer_refuses_more_than_one()
    {
        var one = sandbox.CreateZone($"wild-a-{tag}");
        var two = sandbox.CreateZone($"wild-b-{tag}");

        var read = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn} -Zone $args[0] | ForEach-Object Uuid", $"wild-*-{tag}").ThrowIfFailed();
        var limits = sandbox.Session.Invoke($"Get-DatasetLimit -ComputeNode {Cn} -Zone $args[0] | ForEach-Object Zone", $"wild-*-{tag}").ThrowIfFailed();
        var many = sandbox.Session.Invoke($"New-ZoneSnapshot -ComputeNode {Cn} -Zone $args[0] -Name w1 -WarningAction SilentlyContinue", $"wild-*-{tag}");
        var single = sandbox.Session.Invoke($"New-ZoneSnapshot -ComputeNode {Cn} -Zone $args[0] -Name w1 -WarningAction SilentlyContinue", $"wild-a*-{tag}")
            .ThrowIfFailed();

        Assert.Equal(new[] { one, two }.Order(), read.BaseObjects.Cast<string>().Order());
        Assert.Equal(new[] { one, two }.Order(), limits.BaseObjects.Cast<string>().Order());
        Assert.Equal("ZoneAmbiguous", ErrorId(many.SingleError()));
        Assert.Empty(many.Output);
        Assert.Equal(one, single.Output.Single().Get<string>("Zone"));
    }

    /// <summary>Zone BE reads take a wildcard over the zone names zoneadm lists (the illumos CN has z1).</summary>
    [TestbedFact]
    public void Get_ZoneBootEnvironment_takes_a_wildcard_over_zone_names()
    {
        _ = sandbox.IllumosComputeNode;

        var matched = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone 'z[0-9]*' | ForEach-Object Zone").ThrowIfFailed();
        var none = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone 'nothing-*'").ThrowIfFailed();

        Assert.Contains("z1", matched.BaseObjects.Cast<string>());
        Assert.Empty(none.Output);
    }

    /// <summary>An exact UUID or name that does not exist is an error in every Get-* (Get-SafeZone and Get-ComputeNodeConnection wrote nothing).</summary>
    [TestbedTheory]
    [InlineData("Get-SafeZone -ComputeNode hosted-cn -Zone " + NoZone, "ZoneNotFound")]
    [InlineData("Get-SafeZone -ComputeNode hosted-cn -Zone no-such-alias", "ZoneNotFound")]
    [InlineData("Get-DatasetLimit -ComputeNode hosted-cn -Zone no-such-alias", "ZoneNotFound")]
    [InlineData("Get-DatasetLimit -ComputeNode hosted-cn -Zone " + NoZone, "ZoneNotFound")]
    [InlineData("Get-ZoneSnapshot -ComputeNode hosted-cn -Zone no-such-alias", "ZoneNotFound")]
    [InlineData("Test-ZoneCompliance -ComputeNode hosted-cn -Zone no-such-alias", "ZoneNotFound")]
    [InlineData("Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone no-such-zone", "ZoneNotFound")]
    [InlineData("Get-ComputeNodeConnection -ComputeNode no-such-cn", "ComputeNodeNotConnected")]
    public void An_exact_name_that_does_not_exist_is_an_error_in_every_Get(string script, string errorId)
    {
        _ = sandbox.ComputeNode;
        if (script.Contains("hosted-il", StringComparison.Ordinal))
        {
            _ = sandbox.IllumosComputeNode;
        }

        var result = sandbox.Session.Invoke(script);
        var wildcard = sandbox.Session.Invoke("Get-SafeZone -ComputeNode hosted-cn -Zone 'no-such-*'; Get-ComputeNodeConnection -ComputeNode 'no-such-*'")
            .ThrowIfFailed();

        Assert.Empty(result.Output);
        Assert.Equal(errorId, ErrorId(result.SingleError()));
        Assert.Empty(wildcard.Output);
    }

    /// <summary>Issue 17 item 5: New-ZoneSnapshot -Name s3 made vmsnap-s3, which Get-ZoneSnapshot -Name s3 (and the help's daily-*) did not find.</summary>
    [TestbedFact]
    public void A_snapshot_keeps_the_name_it_was_given_from_New_to_Get_Restore_and_Remove()
    {
        var alias = $"snapname-{tag}";
        var zone = sandbox.CreateZone(alias);
        var session = sandbox.Session;
        session.Invoke(
            """
            New-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Name s3 -WarningAction SilentlyContinue | Out-Null
            New-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Name daily-1 -WarningAction SilentlyContinue | Out-Null
            """, alias).ThrowIfFailed();

        var s3 = session.Invoke("Get-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Name s3", alias).ThrowIfFailed().Output.Single();
        var daily = session.Invoke("Get-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Name 'daily-*' | ForEach-Object Name", zone).ThrowIfFailed();
        session.Invoke("Get-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Name 'daily-*' | Remove-ZoneSnapshot -Confirm:$false", zone).ThrowIfFailed();
        var restored = session.Invoke("Restore-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Name s3 -Confirm:$false", alias).ThrowIfFailed().Output.Single();
        session.Invoke("Remove-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Name s3 -Confirm:$false", alias).ThrowIfFailed();
        var left = session.Invoke("Get-ZoneSnapshot -ComputeNode hosted-cn -Zone $args[0] -Scope Root", zone).ThrowIfFailed();

        Assert.Equal(("s3", "vmsnap-s3"), (s3.Get<string>("Name"), s3.Get<string>("ZfsName")));
        Assert.EndsWith($"/{zone}@vmsnap-s3", s3.Get<string>("FullName"), StringComparison.Ordinal);
        Assert.Equal(["daily-1"], daily.BaseObjects);
        Assert.EndsWith("@vmsnap-s3", restored.Get<string>("Snapshot"), StringComparison.Ordinal);
        Assert.Empty(left.Output);
    }

    /// <summary>
    /// Issue 17 item 6: a CN without vmadm was "vmadm lookup -j output, line 1: no output; expected a JSON array",
    /// with no CN named. Now it is that CN's own error, saying it has no vmadm, and the other CN's zones are all written.
    /// </summary>
    [TestbedFact]
    public void Get_SafeZone_says_which_CN_has_no_vmadm_and_lists_the_zones_of_the_others()
    {
        var zone = sandbox.CreateZone($"mixed-{tag}");
        const string illumos = "names-il";
        _ = sandbox.DedicatedComputeNode(illumos, "illumos");

        var mixed = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {illumos}, {Cn} | ForEach-Object Uuid");
        var alone = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {illumos} -ErrorAction Stop");

        var error = mixed.SingleError();
        Assert.Equal("PlatformNotSupported", ErrorId(error));
        Assert.Equal(illumos, error.TargetObject);
        Assert.Equal($"{illumos} has no vmadm, so it has no zones Get-SafeZone can list.", error.Exception.Message);
        Assert.Contains(zone, mixed.BaseObjects.Cast<string>());
        Assert.Equal("PlatformNotSupported", ErrorId(alone.SingleError()));
    }
}

namespace ZoneDelegation.HostedTests.BootEnvironments;

/// <summary>
/// Issue 14 items 7 and 8 through the zone BE cmdlets in a real runspace against the illumos sandbox CN: a
/// global BE without org.opensolaris.libbe:uuid (beadm prints "(null)") and a zone with Solaris 11's
/// &lt;zonepath dataset&gt;/rpool/ROOT layout.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class IllumosFidelityHostedTests(HostedSandbox sandbox)
{
    private const string Zfs = "/usr/sbin/zfs";

    [TestbedFact]
    public void The_BE_cmdlets_work_on_a_CN_with_a_global_BE_without_uuid()
    {
        var cn = sandbox.IllumosComputeNode;
        var installer = $"{cn.Pool}/ROOT/installer-{Guid.NewGuid().ToString("N")[..6]}";
        HostedSandbox.RunOnCn(cn, Zfs, "create", "-o", "canmount=noauto", "-o", "mountpoint=legacy", installer);
        try
        {
            var listed = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone z1").ThrowIfFailed();
            Assert.Equal(["zbe", "zbe-old"], listed.Output.Select(o => o.Get<string>("Name")).Order(StringComparer.Ordinal));
            Assert.Equal([true], sandbox.Session.Invoke("Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone z1 -Quiet").ThrowIfFailed().BaseObjects);
        }
        finally
        {
            HostedSandbox.RunOnCn(cn, Zfs, "destroy", installer);
        }
    }

    [TestbedFact]
    public void A_Solaris_11_zone_is_listed_with_every_zone_and_its_BEs_are_created_enabled_and_removed_in_rpool_ROOT()
    {
        var cn = sandbox.IllumosComputeNode;
        var zone = "sol" + Guid.NewGuid().ToString("N")[..6];
        TestbedScript.Run(["illumos-zone", cn.Name, zone, "--layout", "solaris11"]);
        var container = $"{cn.Pool}/zones/{zone}/rpool/ROOT";

        var all = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il").ThrowIfFailed();
        Assert.Equal(container + "/zbe", all.Output.Single(o => o.Get<string>("Zone") == zone).Get<string>("Dataset"));

        var created = sandbox.Session.Invoke("New-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe-1 -Activate -Confirm:$false", zone)
            .ThrowIfFailed().Output.Single();
        Assert.Equal(container + "/zbe-1", created.Get<string>("Dataset"));
        Assert.True(created.Get<bool>("ActiveOnBoot"));
        Assert.Equal([true], sandbox.Session.Invoke("Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Quiet", zone).ThrowIfFailed().BaseObjects);

        sandbox.Session.Invoke("Enable-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe -Confirm:$false | Out-Null", zone).ThrowIfFailed();
        sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe-1 | Remove-ZoneBootEnvironment -Confirm:$false", zone)
            .ThrowIfFailed();
        var left = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0]", zone).ThrowIfFailed();
        Assert.Equal([container + "/zbe"], left.Output.Select(o => o.Get<string>("Dataset")));
        Assert.Equal("-", HostedSandbox.RunOnCn(cn, Zfs, "get", "-H", "-o", "value", "origin", container + "/zbe").Trim());
    }
}

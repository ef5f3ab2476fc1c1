namespace ZoneDelegation.HostedTests.BootEnvironments;

/// <summary>
/// The zone BE cmdlets in a real runspace against the illumos sandbox CN (real sshd, real zfs-fuse,
/// zoneadm and beadm stand-ins): pipelines, -WhatIf, -Quiet, error ids, completion.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ZoneBootEnvironmentHostedTests(HostedSandbox sandbox)
{
    private const string Zfs = "/usr/sbin/zfs";

    /// <summary>A fresh zone with its one active BE zbe.</summary>
    private (TestbedCn Cn, string Zone, string Container) NewZone(string prefix)
    {
        var cn = sandbox.IllumosComputeNode;
        var zone = prefix + Guid.NewGuid().ToString("N")[..6];
        TestbedScript.Run(["illumos-zone", cn.Name, zone]);
        return (cn, zone, $"{cn.Pool}/zones/{zone}/ROOT");
    }

    private static string Listing(TestbedCn cn) => HostedSandbox.RunOnCn(cn, Zfs, "list", "-t", "all", "-o",
        "name,origin,org.opensolaris.libbe:active,org.opensolaris.libbe:parentbe", "-r", cn.Pool);

    [TestbedFact]
    public void Get_piped_to_Remove_WhatIf_changes_nothing_and_the_confirmed_run_shows_and_runs_the_exact_commands()
    {
        var (cn, zone, container) = NewZone("pipe");
        sandbox.Session.Invoke("New-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe-1 -Confirm:$false | Out-Null", zone)
            .ThrowIfFailed();
        var before = Listing(cn);

        sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe-1 | Remove-ZoneBootEnvironment -WhatIf", zone)
            .ThrowIfFailed();
        Assert.Equal(before, Listing(cn));

        var run = sandbox.Session.Invoke(
            "Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe-1 | Remove-ZoneBootEnvironment -Confirm:$false -Verbose", zone)
            .ThrowIfFailed();
        var text = string.Join("\n", run.Verbose);
        Assert.Contains($"'zfs' 'destroy' '{container}/zbe-1'", text, StringComparison.Ordinal);
        Assert.Contains($"'zfs' 'destroy' '{container}/zbe@zbe-1'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'-R'", text, StringComparison.Ordinal);
        Assert.DoesNotContain(container + "/zbe-1\t", Listing(cn), StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [TestbedFact]
    public void Every_BE_of_the_CN_piped_to_Remove_WhatIf_runs_nothing_and_only_refuses_what_it_must()
    {
        var (cn, _, _) = NewZone("all");
        var before = Listing(cn);

        var result = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il | Remove-ZoneBootEnvironment -WhatIf");

        Assert.Equal(before, Listing(cn));
        Assert.Empty(result.Output);
        // The BEs the zones boot (and z1's zbe-old, which the older global BE boots) are refused even under -WhatIf, as errors.
        Assert.NotEmpty(result.Errors);
        Assert.All(result.AllErrors, error => Assert.Matches("^(BootEnvironmentActive|BootEnvironmentNeededByGlobal|SnapshotNameCollision|SnapshotHeld|CloneOutsideZone),", error.FullyQualifiedErrorId));
        Assert.Contains(result.Errors, error => error.FullyQualifiedErrorId.StartsWith("BootEnvironmentNeededByGlobal,", StringComparison.Ordinal));
    }

    [TestbedFact]
    public void Test_Quiet_is_one_bool_true_only_when_every_zone_is_bootable()
    {
        var (cn, zone, container) = NewZone("quiet");
        var bootable = sandbox.Session.Invoke("Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Quiet", zone).ThrowIfFailed();
        Assert.Equal([true], bootable.BaseObjects);

        HostedSandbox.RunOnCn(cn, Zfs, "set", "org.opensolaris.libbe:active=off", container + "/zbe");
        var broken = sandbox.Session.Invoke("Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone z1, $args[0] -Quiet", zone).ThrowIfFailed();
        Assert.Equal([false], broken.BaseObjects);

        var status = sandbox.Session.Invoke("Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0]", zone).ThrowIfFailed().Output.Single();
        Assert.Equal("NoActiveBootEnvironment", status.Get<string>("Status"));

        var repaired = sandbox.Session.Invoke(
            "Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] | Repair-ZoneBootEnvironment -Confirm:$false", zone).ThrowIfFailed();
        Assert.Equal("zbe", repaired.Output.Single().Get<string>("Name"));
        Assert.Contains("next boot", repaired.Output.Single().Get<string>("Note"), StringComparison.Ordinal);
        Assert.Equal([true], sandbox.Session.Invoke("Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Quiet", zone).ThrowIfFailed().BaseObjects);
    }

    [TestbedFact]
    public void Refusals_are_errors_with_their_ErrorId_and_change_nothing()
    {
        var (cn, zone, _) = NewZone("refuse");
        var before = Listing(cn);

        var active = sandbox.Session.Invoke("Remove-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe -Confirm:$false", zone).SingleError();
        Assert.Equal("BootEnvironmentActive,ZoneDelegation.Commands.RemoveZoneBootEnvironmentCommand", active.FullyQualifiedErrorId);
        var name = sandbox.Session.Invoke("New-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name 'a/b' -Confirm:$false", zone).SingleError();
        Assert.Equal("InvalidBootEnvironmentName,ZoneDelegation.Commands.NewZoneBootEnvironmentCommand", name.FullyQualifiedErrorId);
        Assert.Equal(before, Listing(cn));

        _ = sandbox.ComputeNode;
        var smartos = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-cn").SingleError();
        Assert.Equal("ZoneHasNoBootEnvironments,ZoneDelegation.Commands.GetZoneBootEnvironmentCommand", smartos.FullyQualifiedErrorId);
    }

    [TestbedFact]
    public void Enable_promotes_and_says_it_takes_effect_at_the_next_boot_and_Protect_Unprotect_round_trips()
    {
        var (cn, zone, container) = NewZone("enable");
        sandbox.Session.Invoke("New-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe-1 -Confirm:$false | Out-Null", zone).ThrowIfFailed();
        var enabled = sandbox.Session.Invoke("Enable-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Name zbe-1 -Confirm:$false", zone)
            .ThrowIfFailed().Output.Single();
        Assert.True(enabled.Get<bool>("ActiveOnBoot"));
        Assert.Contains("next boot", enabled.Get<string>("Note"), StringComparison.Ordinal);
        Assert.Equal("-", HostedSandbox.RunOnCn(cn, Zfs, "get", "-H", "-o", "value", "origin", container + "/zbe-1").Trim());

        HostedSandbox.RunOnCn(cn, Zfs, "set", "org.opensolaris.libbe:parentbe=6a0c3d5e-1b2f-4c8d-9e7a-51f0b2c3d401", container + "/zbe");
        var props = () => HostedSandbox.RunOnCn(cn, Zfs, "get", "-H", "-o", "name,property,value,source", "canmount,zoned,mountpoint", "-r", container);
        var before = props();
        var protectedBes = sandbox.Session.Invoke("Protect-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Confirm:$false", zone).ThrowIfFailed();
        Assert.Equal(["zbe"], protectedBes.Output.Select(o => o.Get<string>("Name")));
        Assert.True(protectedBes.Output.Single().Get<bool>("Protected"));
        sandbox.Session.Invoke("Unprotect-ZoneBootEnvironment -ComputeNode hosted-il -Zone $args[0] -Confirm:$false | Out-Null", zone).ThrowIfFailed();
        Assert.Equal(before, props());
    }

    [TestbedFact]
    public void Zones_pipe_by_value_and_one_call_fans_out_over_an_illumos_and_a_SmartOS_CN()
    {
        var (_, zone, _) = NewZone("byval");
        _ = sandbox.ComputeNode;

        var byValue = sandbox.Session.Invoke("'z1', $args[0] | Get-ZoneBootEnvironment -ComputeNode hosted-il", zone).ThrowIfFailed();
        Assert.Equal(new[] { "z1:zbe", "z1:zbe-old", $"{zone}:zbe" }.Order(StringComparer.Ordinal),
            byValue.Output.Select(o => o.Get<string>("Zone") + ":" + o.Get<string>("Name")).Order(StringComparer.Ordinal));

        var both = sandbox.Session.Invoke("Get-ZoneBootEnvironment -ComputeNode hosted-il, hosted-cn -Zone z1");
        Assert.Equal(["zbe", "zbe-old"], both.Output.Select(o => o.Get<string>("Name")).Order(StringComparer.Ordinal));
        Assert.All(both.Output, o => Assert.Equal(HostedSandbox.IllumosComputeNodeName, o.Get<string>("ComputeNode")));
        Assert.Equal("ZoneHasNoBootEnvironments,ZoneDelegation.Commands.GetZoneBootEnvironmentCommand", both.SingleError().FullyQualifiedErrorId);
    }

    [TestbedFact]
    public void Zone_and_Name_complete_from_the_illumos_CN()
    {
        _ = sandbox.IllumosComputeNode;
        var zones = sandbox.Session.Invoke(
            "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText",
            "Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone z").ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
        Assert.Contains("z1", zones);
        var names = sandbox.Session.Invoke(
            "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText",
            "Remove-ZoneBootEnvironment -ComputeNode hosted-il -Zone z1 -Name zbe").ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(["zbe", "zbe-old"], names.Order(StringComparer.Ordinal));
    }

    [TestbedFact]
    public void Blank_CSV_cells_mean_not_given()
    {
        var (_, zone, _) = NewZone("csv");
        var csv = Path.Combine(sandbox.WorkDirectory, "be-" + zone + ".csv");
        File.WriteAllText(csv, $"ComputeNode,Zone,Name,Source\nhosted-il,{zone},zbe-csv,\n");
        var created = sandbox.Session.Invoke("Import-Csv $args[0] | New-ZoneBootEnvironment -Confirm:$false", csv).ThrowIfFailed().Output.Single();
        Assert.Equal("zbe-csv", created.Get<string>("Name"));
        Assert.False(created.Get<bool>("Active"));
    }
}

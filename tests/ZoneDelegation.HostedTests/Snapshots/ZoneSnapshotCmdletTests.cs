using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Snapshots;

/// <summary>
/// Issue 9's cmdlets in a real runspace against the sandbox CN: pipeline binding (Get-SafeZone into
/// New-ZoneSnapshot, Get-ZoneSnapshot into Remove- and Restore-ZoneSnapshot), the once-per-call
/// warning, ErrorIds, -WhatIf, and ConfirmImpact High.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ZoneSnapshotCmdletTests(HostedSandbox sandbox)
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..6];

    [TestbedFact]
    public void Keeping_the_newest_five_root_snapshots_is_one_pipeline()
    {
        var zone = NewZone("keep5");
        sandbox.Session.Invoke(
            """
            $zone = $args[0]
            # Created has a one-second resolution: each snapshot is made once the clock (the CN's: the sandbox runs
            # here) has passed the second the previous one was made in, so the sort has no ties.
            1..7 | ForEach-Object {
                New-ZoneSnapshot -Zone $zone -Name "daily-$_" -ComputeNode hosted-cn -WarningAction SilentlyContinue | Out-Null
                $made = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
                while ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() -eq $made) { Start-Sleep -Milliseconds 20 }
            }
            """, zone).ThrowIfFailed();
        HostedSandbox.RunOnCn(sandbox.ComputeNode, "zfs", "snapshot", $"{sandbox.ComputeNode.Pool}/{zone}/data@zone-admin");

        sandbox.Session.Invoke(
            "Get-ZoneSnapshot -Zone $args[0] -ComputeNode hosted-cn -Scope Root | Sort-Object Created | Select-Object -SkipLast 5 | Remove-ZoneSnapshot -Confirm:$false",
            zone).ThrowIfFailed();

        var left = sandbox.Session.Invoke("Get-ZoneSnapshot -Zone $args[0] -ComputeNode hosted-cn | Sort-Object Created | ForEach-Object { '{0}:{1}' -f $_.Scope, $_.Name }", zone)
            .ThrowIfFailed().BaseObjects.Cast<string>().ToList();
        Assert.Equal(
            ["Root:daily-3", "Root:daily-4", "Root:daily-5", "Root:daily-6", "Root:daily-7", "Delegated:zone-admin"],
            left.Where(l => l.StartsWith("Root", StringComparison.Ordinal)).Append(left.Single(l => l.StartsWith("Delegated", StringComparison.Ordinal))));
    }

    [TestbedFact]
    public void Get_SafeZone_output_binds_into_New_ZoneSnapshot_and_the_coverage_warning_comes_once()
    {
        NewZone("warn-a");
        NewZone("warn-b");

        var result = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode hosted-cn -Alias 'warn-*-{tag}' | New-ZoneSnapshot -Name pre-upgrade").ThrowIfFailed();

        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, snapshot =>
        {
            Assert.Equal("pre-upgrade", snapshot.Get<string>("Name"));
            Assert.Equal("vmsnap-pre-upgrade", snapshot.Get<string>("ZfsName"));
            Assert.Equal("zfs snapshot", snapshot.Get<string>("Method"));
            Assert.Single((IEnumerable<object>)snapshot.Get<object[]>("Excludes"));
        });
        Assert.Single(result.Warnings, w => w.Contains("cover the zone root only", StringComparison.Ordinal));
    }

    [TestbedFact]
    public void At_the_limit_the_error_id_is_SnapshotLimitReached_and_Force_goes_past_it()
    {
        var zone = NewZone("limit", "-SnapshotLimit 1");
        sandbox.Session.Invoke("New-ZoneSnapshot -Zone $args[0] -Name first -ComputeNode hosted-cn -WarningAction SilentlyContinue", zone).ThrowIfFailed();

        var refused = sandbox.Session.Invoke("New-ZoneSnapshot -Zone $args[0] -Name second -ComputeNode hosted-cn", zone);
        Assert.Equal("SnapshotLimitReached,ZoneDelegation.Commands.NewZoneSnapshotCommand", refused.SingleError().FullyQualifiedErrorId);
        Assert.Empty(refused.Output);

        var forced = sandbox.Session.Invoke("New-ZoneSnapshot -Zone $args[0] -Name second -ComputeNode hosted-cn -Force -WarningAction SilentlyContinue", zone)
            .ThrowIfFailed().Output.Single();
        Assert.Equal(2UL, forced.Get<ulong>("SnapshotCount"));
        Assert.Equal(1UL, forced.Get<ulong>("SnapshotLimit"));
    }

    [TestbedFact]
    public void Restore_takes_a_piped_snapshot_and_WhatIf_runs_nothing()
    {
        var zone = NewZone("restore");
        sandbox.Session.Invoke(
            """
            New-ZoneSnapshot -Zone $args[0] -Name a -ComputeNode hosted-cn -WarningAction SilentlyContinue | Out-Null
            New-ZoneSnapshot -Zone $args[0] -Name b -ComputeNode hosted-cn -WarningAction SilentlyContinue | Out-Null
            """, zone).ThrowIfFailed();

        var whatIf = sandbox.Session.Invoke("Restore-ZoneSnapshot -Zone $args[0] -Name a -ComputeNode hosted-cn -WhatIf; Remove-ZoneSnapshot -Zone $args[0] -Name a -ComputeNode hosted-cn -WhatIf", zone)
            .ThrowIfFailed();
        Assert.Empty(whatIf.Output);
        Assert.Equal(2, RootSnapshots(zone).Count);

        var restore = sandbox.Session.Invoke(
            "Get-ZoneSnapshot -Zone $args[0] -ComputeNode hosted-cn -Scope Root -Name vmsnap-a | Restore-ZoneSnapshot -Confirm:$false", zone)
            .ThrowIfFailed().Output.Single();
        Assert.True(restore.Get<bool>("Restarted"));
        Assert.Equal("running", restore.Get<string>("State"));
        Assert.Equal(["a"], RootSnapshots(zone));
    }

    [Theory]
    [InlineData("Restore-ZoneSnapshot")]
    [InlineData("Remove-ZoneSnapshot")]
    [InlineData("Update-ZoneImage")]
    public void Destructive_cmdlets_are_ConfirmImpact_High(string name)
    {
        var impact = sandbox.Session.Invoke(
            "(Get-Command $args[0]).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact", name)
            .ThrowIfFailed().BaseObjects.Single();

        Assert.Equal(ConfirmImpact.High, impact);
    }

    private string NewZone(string alias, string extra = "")
    {
        _ = sandbox.ComputeNode; // starts and connects the sandbox CN on first use
        return sandbox.Session.Invoke($"(New-SafeZone -Alias '{alias}-{tag}' -Brand joyent -ComputeNode hosted-cn {extra} -ErrorAction Stop).Uuid")
            .ThrowIfFailed().BaseObjects.Cast<string>().Single();
    }

    private List<string> RootSnapshots(string zone) =>
        sandbox.Session.Invoke("Get-ZoneSnapshot -Zone $args[0] -ComputeNode hosted-cn -Scope Root | ForEach-Object Name", zone)
            .ThrowIfFailed().BaseObjects.Cast<string>().ToList();
}

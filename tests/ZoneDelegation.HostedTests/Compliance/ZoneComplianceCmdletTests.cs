using System.Management.Automation;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.HostedTests.Compliance;

/// <summary>
/// Test-ZoneCompliance, Repair-SafeZone and the batched Get-DatasetLimit in a real runspace, on a
/// sandbox CN of their own (connected as <see cref="Cn"/>) whose zones are made with the stand-in
/// vmadm: a safe zone, a zone without a delegated dataset, and a plain delegated zone (no limits,
/// sys_fs_import kept), which is everything Repair-SafeZone can fix.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ZoneComplianceCmdletTests(HostedSandbox sandbox)
{
    private const string Cn = "compliance-cn";
    private static readonly object Gate = new();
    private static Fleet? fleet;

    private Fleet Zones()
    {
        lock (Gate)
        {
            if (fleet is null)
            {
                var cn = sandbox.StartAndConnect("hz", Cn);
                fleet = new Fleet(cn, Create(cn, "safe", true, "default,-sys_fs_import", 128, 32), Create(cn, "bare", false, null, null, null),
                    Create(cn, "plain", true, null, null, null));
            }

            return fleet;
        }
    }

    [TestbedFact]
    public void The_audit_writes_one_record_per_zone_and_Quiet_one_bool()
    {
        var zones = Zones();
        RepairPlainBack(zones);

        var records = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn}").ThrowIfFailed().BaseObjects.Cast<ZoneCompliance>()
            .ToDictionary(z => z.Zone);
        var quiet = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} -Quiet").ThrowIfFailed().BaseObjects;

        Assert.Equal(new[] { zones.Safe, zones.Bare, zones.Plain }.Order(), records.Keys.Order());
        Assert.True(records[zones.Safe].Compliant);
        Assert.True(records[zones.Bare].Compliant);
        Assert.False(records[zones.Bare].IsDelegated);
        Assert.True(records[zones.Plain].Remediable);
        Assert.Equal(["ReceiveAllowed", "SnapshotLimitMissing", "FilesystemLimitMissing"], records[zones.Plain].Findings.Select(f => f.Code.ToString()));
        Assert.Equal([false], quiet);

        // Issue 17 item 11: Get-SafeZone's IsSafe and the audit's Compliant have one meaning, for every zone.
        var safe = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn}").ThrowIfFailed().BaseObjects.Cast<ZoneDelegation.Core.Zones.SafeZone>()
            .ToDictionary(z => z.Uuid);
        Assert.All(records.Values, audit => Assert.True(audit.Compliant == safe[audit.Zone].IsSafe,
            $"{audit.Zone}: Compliant {audit.Compliant} ({audit.Reason}) but IsSafe {safe[audit.Zone].IsSafe} ({safe[audit.Zone].FindingCodes})"));
    }

    [TestbedFact]
    public void WhatIf_in_the_runbook_pipeline_changes_nothing_and_a_real_repair_then_a_second_one_changes_nothing()
    {
        var zones = Zones();
        RepairPlainBack(zones);
        var before = State(zones);

        var whatIf = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} | Where-Object Remediable | Repair-SafeZone -WhatIf").ThrowIfFailed();
        Assert.Empty(whatIf.Output);
        Assert.Equal(before, State(zones));

        var repaired = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} | Where-Object Remediable | Repair-SafeZone -Confirm:$false").ThrowIfFailed();
        var result = Assert.IsType<ZoneRepairResult>(Assert.Single(repaired.BaseObjects));
        Assert.Equal(zones.Plain, result.Zone);
        Assert.True(result.Changed);
        Assert.True(result.RestartRequired);
        Assert.Contains(repaired.Warnings, w => w.Contains("next boot", StringComparison.Ordinal));

        // Not rebooted: the zone still runs with sys_fs_import, so it is not compliant until it reboots.
        Assert.Equal([false], sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} -Quiet").ThrowIfFailed().BaseObjects);

        var afterRepair = State(zones);
        var second = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} | Repair-SafeZone -Confirm:$false").ThrowIfFailed();
        Assert.All(second.BaseObjects.Cast<ZoneRepairResult>(), r => Assert.False(r.Changed));
        Assert.Equal(3, second.BaseObjects.Count);
        Assert.True(second.BaseObjects.Cast<ZoneRepairResult>().Single(r => r.Zone == zones.Plain).RestartRequired);
        Assert.Equal(afterRepair, State(zones));
    }

    [TestbedFact]
    public void Quiet_is_false_and_the_error_is_written_when_a_CN_cannot_be_audited()
    {
        _ = Zones();

        var result = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn}, no-such-cn -Quiet");

        Assert.Equal([false], result.BaseObjects);
        Assert.StartsWith("ComputeNodeNotConnected,", Assert.Single(result.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [TestbedFact]
    public void Get_DatasetLimit_reads_piped_zones_together_and_a_missing_zone_is_its_own_error()
    {
        var zones = Zones();

        var result = sandbox.Session.Invoke(
            $"Get-SafeZone -ComputeNode {Cn} | Get-DatasetLimit; Get-DatasetLimit -ComputeNode {Cn} -Zone $args[0], $args[1]",
            zones.Safe, "6f0d3b4a-0000-4000-8000-000000000abc");

        var limits = result.BaseObjects.Cast<DatasetLimit>().ToList();
        Assert.Equal(new[] { zones.Safe, zones.Bare, zones.Plain, zones.Safe }.Order(), limits.Select(l => l.Zone).Order());
        Assert.Equal(128UL, limits.First(l => l.Zone == zones.Safe).SnapshotLimit);
        Assert.StartsWith("ZoneNotFound,", Assert.Single(result.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [TestbedFact]
    public void Repair_binds_from_Get_SafeZone_output_too()
    {
        var zones = Zones();
        RepairPlainBack(zones);

        var result = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn} -Uuid $args[0] | Repair-SafeZone -Confirm:$false", zones.Plain).ThrowIfFailed();

        Assert.Equal(zones.Plain, Assert.IsType<ZoneRepairResult>(Assert.Single(result.BaseObjects)).Zone);
    }

    [TestbedFact]
    public void Restart_with_Force_reboots_the_running_zone_whose_limit_priv_changed()
    {
        var zones = Zones();
        RepairPlainBack(zones);

        var result = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} -Zone $args[0] | Repair-SafeZone -Restart -Force -Confirm:$false", zones.Plain)
            .ThrowIfFailed();

        var repaired = Assert.IsType<ZoneRepairResult>(Assert.Single(result.BaseObjects));
        Assert.True(repaired.Restarted);
        Assert.False(repaired.RestartRequired);
        Assert.Contains(repaired.Commands, c => c.Contains("'vmadm' 'reboot'", StringComparison.Ordinal));
        Assert.Contains("boot_timestamp", HostedSandbox.RunOnCn(zones.Node, "vmadm", "get", zones.Plain), StringComparison.Ordinal);
    }

    [TestbedFact]
    public void A_zone_repaired_without_Restart_is_PendingReboot_until_Restart_Force_reboots_it_and_reads_it_back()
    {
        // Issue 17 item 3, as the operator met it.
        var zones = Zones();
        RepairPlainBack(zones);

        var repaired = sandbox.Session.Invoke($"Repair-SafeZone -ComputeNode {Cn} -Zone $args[0] -Confirm:$false", zones.Plain).ThrowIfFailed();
        Assert.True(Assert.IsType<ZoneRepairResult>(Assert.Single(repaired.BaseObjects)).RestartRequired);
        Assert.Contains(repaired.Warnings, w => w.Contains("Repair-SafeZone -Restart", StringComparison.Ordinal));
        Assert.True(BootedWithReceive(zones.Node, zones.Plain));

        var audit = Assert.IsType<ZoneCompliance>(Assert.Single(
            sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} -Zone $args[0]", zones.Plain).ThrowIfFailed().BaseObjects));
        Assert.False(audit.Compliant);
        Assert.True(audit.Remediable);
        Assert.Equal("PendingReboot", audit.FindingCodes);

        var restarted = sandbox.Session.Invoke($"Repair-SafeZone -ComputeNode {Cn} -Zone $args[0] -Restart -Force -Confirm:$false", zones.Plain).ThrowIfFailed();
        var result = Assert.IsType<ZoneRepairResult>(Assert.Single(restarted.BaseObjects));
        Assert.True(result.Changed);
        Assert.True(result.Restarted);
        Assert.False(result.RestartRequired);
        Assert.Equal(["PendingReboot"], result.Fixed);
        Assert.Equal([$"LC_ALL=C 'vmadm' 'reboot' '{zones.Plain}'"], result.Commands);
        Assert.True(result.After!.Compliant);
        Assert.False(BootedWithReceive(zones.Node, zones.Plain));
        Assert.Equal([true], sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} -Zone $args[0] -Quiet", zones.Plain).ThrowIfFailed().BaseObjects);
    }

    [TestbedFact]
    public void Restart_asks_before_each_reboot_reboots_nothing_on_No_and_on_Yes_exactly_the_zone_pending_reboot()
    {
        var zones = Zones();
        RepairPlainBack(zones);
        sandbox.Session.Invoke($"Repair-SafeZone -ComputeNode {Cn} -Zone $args[0] -Confirm:$false", zones.Plain).ThrowIfFailed();
        var before = Zscheds(zones.Node);
        var session = sandbox.HostedSession;
        sandbox.Host.Clear();
        sandbox.Host.ConfirmAnswer = "No";

        var declined = session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} | Repair-SafeZone -Restart -Confirm:$false").ThrowIfFailed();

        var prompt = Assert.Single(sandbox.Host.Prompts);
        Assert.Contains($"Reboot zone {zones.Plain}", prompt.Message, StringComparison.Ordinal);
        var plain = declined.BaseObjects.Cast<ZoneRepairResult>().Single(r => r.Zone == zones.Plain);
        Assert.False(plain.Changed);
        Assert.True(plain.RestartRequired);
        Assert.Equal(before, Zscheds(zones.Node));

        sandbox.Host.Clear();
        sandbox.Host.ConfirmAnswer = "Yes";
        var accepted = session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} | Repair-SafeZone -Restart -Confirm:$false").ThrowIfFailed();

        Assert.Single(sandbox.Host.Prompts);
        Assert.True(accepted.BaseObjects.Cast<ZoneRepairResult>().Single(r => r.Zone == zones.Plain).Restarted);
        var after = Zscheds(zones.Node);
        Assert.NotEqual(before[zones.Plain], after[zones.Plain]);
        Assert.Equal(before.Where(z => z.Key != zones.Plain), after.Where(z => z.Key != zones.Plain));
        Assert.False(BootedWithReceive(zones.Node, zones.Plain));
    }

    /// <summary>
    /// A host with no UI (a hosted runspace, a remote runner, pwsh -NonInteractive) cannot ask the reboot question:
    /// that is No, said in a warning naming -Force, never a HostException and never a reboot nobody approved.
    /// </summary>
    [TestbedFact]
    public void Restart_in_a_host_that_cannot_ask_reboots_nothing_and_says_to_use_Force()
    {
        var zones = Zones();
        RepairPlainBack(zones);
        sandbox.Session.Invoke($"Repair-SafeZone -ComputeNode {Cn} -Zone $args[0] -Confirm:$false", zones.Plain).ThrowIfFailed();
        var before = Zscheds(zones.Node);

        var result = sandbox.Session.Invoke($"Test-ZoneCompliance -ComputeNode {Cn} | Repair-SafeZone -Restart -Confirm:$false");

        Assert.Empty(result.Errors);
        var plain = result.BaseObjects.Cast<ZoneRepairResult>().Single(r => r.Zone == zones.Plain);
        Assert.False(plain.Restarted);
        Assert.True(plain.RestartRequired);
        Assert.Contains(result.Warnings, w => w.Contains(zones.Plain, StringComparison.Ordinal) && w.Contains("-Force", StringComparison.Ordinal));
        Assert.Equal(before, Zscheds(zones.Node));
        Assert.True(BootedWithReceive(zones.Node, zones.Plain));
    }

    [TestbedFact]
    public void The_audit_reports_progress_through_the_fan_out()
    {
        _ = Zones();

        var result = sandbox.Session.Invoke($"$ProgressPreference = 'Continue'; Test-ZoneCompliance -ComputeNode {Cn} | Out-Null").ThrowIfFailed();

        Assert.Contains(result.Progress, r => r.Activity == "Test-ZoneCompliance" && r.CurrentOperation == Cn);
    }

    [TestbedFact]
    public void Set_DatasetLimit_plans_per_CN_asks_per_zone_and_writes_the_read_back_with_PassThru()
    {
        var zones = Zones();

        var whatIf = sandbox.Session.Invoke($"Get-SafeZone -ComputeNode {Cn} -Uuid $args[0] | Set-DatasetLimit -SnapshotLimit 64 -WhatIf", zones.Safe).ThrowIfFailed();
        Assert.Empty(whatIf.Output);
        Assert.Equal("128\n", HostedSandbox.RunOnCn(zones.Node, "zfs", "get", "-H", "-p", "-o", "value", "snapshot_limit", $"{zones.Node.Pool}/{zones.Safe}"));

        try
        {
            var result = sandbox.Session.Invoke(
                $"$args[0], 'not-a-uuid', '6f0d3b4a-0000-4000-8000-000000000abc' | Set-DatasetLimit -ComputeNode {Cn} -SnapshotLimit 64 -PassThru -Confirm:$false",
                zones.Safe);

            var limit = Assert.IsType<DatasetLimit>(Assert.Single(result.BaseObjects));
            Assert.Equal((zones.Safe, 64UL), (limit.Zone, limit.SnapshotLimit!.Value));
            Assert.Equal(["ZoneNotFound", "ZoneNotFound"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).Order());
            Assert.Equal("64\n", HostedSandbox.RunOnCn(zones.Node, "zfs", "get", "-H", "-p", "-o", "value", "snapshot_limit", $"{zones.Node.Pool}/{zones.Safe}"));
        }
        finally
        {
            sandbox.Session.Invoke($"Set-DatasetLimit -ComputeNode {Cn} -Zone $args[0] -SnapshotLimit 128 -Confirm:$false", zones.Safe).ThrowIfFailed();
        }
    }

    /// <summary>
    /// Puts the plain zone back as it was made (no limits, sys_fs_import kept), whatever an earlier test repaired,
    /// and reboots it so that it runs with that limit_priv again.
    /// </summary>
    private static void RepairPlainBack(Fleet zones)
    {
        using var transport = new LocalTransport(zones.Node.Name, zones.Node.Environment, TimeSpan.FromSeconds(60));
        transport.Run(new NativeCommand("vmadm", "update", zones.Plain)
        {
            StandardInput = """{"limit_priv":"default","zfs_snapshot_limit":"","zfs_filesystem_limit":""}""",
        });
        transport.Run(new NativeCommand("vmadm", "reboot", zones.Plain));
    }

    /// <summary>Each running zone's zsched pid, as the CN's ps (the stand-in) lists them.</summary>
    private static Dictionary<string, string> Zscheds(TestbedCn cn) =>
        HostedSandbox.RunOnCn(cn, "ps", "-e", "-o", "pid=", "-o", "class=", "-o", "fname=", "-o", "zone=")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(row => row.Length == 4 && row[1] == "SYS" && row[2] == "zsched")
            .ToDictionary(row => row[3], row => row[0]);

    /// <summary>Whether the running zone's zsched holds sys_fs_import in its limit set (the CN's ppriv -v).</summary>
    private static bool BootedWithReceive(TestbedCn cn, string zone) =>
        HostedSandbox.RunOnCn(cn, "ppriv", "-v", Zscheds(cn)[zone]).Split('\n')
            .Single(line => line.StartsWith("\tL: ", StringComparison.Ordinal))
            .Split(',', ':', ' ').Contains("sys_fs_import");

    private static string Create(TestbedCn cn, string alias, bool delegated, string? limitPriv, long? snapshotLimit, long? filesystemLimit)
    {
        var payload = new JsonObject { ["brand"] = "joyent", ["alias"] = "hz-" + alias, ["delegate_dataset"] = delegated };
        if (limitPriv is not null)
        {
            payload["limit_priv"] = limitPriv;
        }

        if (snapshotLimit is not null)
        {
            payload["zfs_snapshot_limit"] = snapshotLimit;
            payload["zfs_filesystem_limit"] = filesystemLimit;
        }

        return HostedSandbox.CreateZone(cn, payload);
    }

    /// <summary>The pool's datasets with their limits and the stand-in vmadm's stored VMs.</summary>
    private static string State(Fleet zones) =>
        HostedSandbox.RunOnCn(zones.Node, "zfs", "list", "-H", "-p", "-t", "all", "-r", "-o", "name,snapshot_limit,filesystem_limit,quota", zones.Node.Pool)
        + string.Join("\n", Directory.GetFiles(Path.Combine(zones.Node.Environment["ZD_CN_DIR"], "vmadm"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText));

    private sealed record Fleet(TestbedCn Node, string Safe, string Bare, string Plain);
}

using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Tests.Compliance;

public sealed class ZoneRepairTests
{
    private static readonly DelegationPolicy Policy = DelegationPolicy.Default;

    /// <summary>A fleet whose scripted vmadm update and reboot change the fake zones, as the real ones change the CN.</summary>
    private static ScriptedTransport Cn(FakeFleet fleet, bool updateWorks = true)
    {
        var transport = fleet.Transport();
        foreach (var zone in fleet.Zones)
        {
            transport.OnCommand($"vmadm update {zone.Uuid}", command =>
            {
                if (updateWorks)
                {
                    Update(zone, JsonNode.Parse(command.StandardInput!)!.AsObject());
                }

                return (string.Empty, 0, $"Successfully updated VM {zone.Uuid}\n");
            });
            transport.OnCommand($"vmadm reboot {zone.Uuid}", _ =>
            {
                zone.BootedLimitPriv = null; // booted again: with the limit_priv configured now
                return (string.Empty, 0, $"Successfully completed reboot for VM {zone.Uuid}\n");
            });
        }

        return transport;
    }

    private static void Update(FakeZone zone, JsonObject payload)
    {
        foreach (var (key, value) in payload)
        {
            switch (key)
            {
                case "limit_priv":
                    // vmadm update changes the configuration only: a running zone keeps the set it booted with.
                    zone.BootedLimitPriv ??= zone.LimitPriv ?? "default";
                    zone.LimitPriv = value!.GetValue<string>();
                    break;
                case "zfs_snapshot_limit": zone.SnapshotLimit = value!.GetValue<long>(); break;
                case "zfs_filesystem_limit": zone.FilesystemLimit = value!.GetValue<long>(); break;
                default: throw new InvalidOperationException("unexpected key " + key);
            }
        }
    }

    private static FakeFleet Broken()
    {
        var fleet = FakeFleet.Safe(4);
        fleet.Zones[0].LimitPriv = "default";
        fleet.Zones[0].SnapshotLimit = null;
        fleet.Zones[0].FilesystemLimit = 1000;
        fleet.Zones[1].SnapshotCount = 128;          // at its limit: not remediable
        fleet.Zones[2].Delegated = false;            // compliant
        fleet.Zones[3].LimitPriv = "default";
        fleet.Zones[3].State = "stopped";
        return fleet;
    }

    private static List<ZoneRepairPlan> Plan(ScriptedTransport transport, bool restart = false) =>
        ZoneRepairPlanner.Plan(transport.Connect(), Policy, null, restart).Cast<ZoneRepairPlan>().ToList();

    [Fact]
    public void The_plan_is_one_vmadm_update_with_the_payload_on_stdin()
    {
        var plan = Plan(Cn(Broken()))[0];

        var step = Assert.Single(plan.Plan.Steps);
        Assert.Equal("vmadm", step.Command.Program);
        Assert.Equal(["update", FakeFleet.UuidFor(1)], step.Command.Arguments);
        Assert.Equal("""{"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""" + "\n", step.Command.StandardInput);
        Assert.Contains(step.Command.CommandLine, plan.Plan.Describe(), StringComparison.Ordinal);
        Assert.Contains("next boot", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Equal([SafetyFindingCode.ReceiveAllowed, SafetyFindingCode.SnapshotLimitMissing, SafetyFindingCode.FilesystemLimitAbovePolicy],
            plan.Fixes.Select(f => f.CodeValue));
        Assert.False(plan.Restarts);
    }

    [Fact]
    public void What_cannot_be_fixed_gives_an_empty_plan_that_names_it()
    {
        var plans = Plan(Cn(Broken()));

        Assert.True(plans[1].IsEmpty);
        Assert.Equal(SafetyFindingCode.SnapshotLimitReached, Assert.Single(plans[1].NotFixable).CodeValue);
        Assert.True(plans[2].IsEmpty);
        Assert.Empty(plans[2].NotFixable);
    }

    [Fact]
    public void Restart_adds_a_reboot_only_for_a_running_zone_whose_limit_priv_changes()
    {
        var fleet = Broken();
        fleet.Zones[1].SnapshotCount = 0;
        fleet.Zones[1].SnapshotLimit = null;          // running, limits only: no reboot
        var plans = Plan(Cn(fleet), restart: true);

        Assert.Equal(["update", "reboot"], plans[0].Plan.Steps.Select(s => s.Command.Arguments[0]));
        Assert.Equal(["vmadm", FakeFleet.UuidFor(1)], [plans[0].Plan.Steps[1].Command.Program, plans[0].Plan.Steps[1].Command.Arguments[1]]);
        Assert.True(plans[0].Restarts);
        Assert.Equal(["update"], plans[1].Plan.Steps.Select(s => s.Command.Arguments[0]));
        Assert.Equal(["update"], plans[3].Plan.Steps.Select(s => s.Command.Arguments[0])); // stopped: boots with it
    }

    [Fact]
    public void Apply_repairs_verifies_by_reading_back_and_a_second_run_changes_nothing()
    {
        var fleet = Broken();
        var transport = Cn(fleet);
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: false).Cast<ZoneRepairPlan>().ToList();
        var beforeApply = transport.Commands.Count;

        var results = ZoneRepairApplier.Apply(connection, Policy, plans).Cast<ZoneRepairResult>().ToList();

        Assert.Equal([FakeFleet.UuidFor(1), FakeFleet.UuidFor(4)], results.Select(r => r.Zone));
        var first = results[0];
        Assert.True(first.Changed);
        Assert.Equal([nameof(SafetyFindingCode.ReceiveAllowed), nameof(SafetyFindingCode.SnapshotLimitMissing), nameof(SafetyFindingCode.FilesystemLimitAbovePolicy)], first.Fixed);
        Assert.True(first.RestartRequired);
        Assert.False(first.Restarted);
        Assert.Equal([SafetyFindingCode.PendingReboot], first.After!.Findings.Select(f => f.CodeValue)); // still running with the old set
        Assert.False(results[1].RestartRequired); // stopped: takes effect when it boots
        Assert.True(results[1].After!.Compliant);
        Assert.Equal("default,-sys_fs_import", fleet.Zones[0].LimitPriv);

        // Two updates, then one read-back of both zones (zfs get + lookup), nothing else.
        Assert.Equal([$"vmadm update {FakeFleet.UuidFor(1)}", $"vmadm update {FakeFleet.UuidFor(4)}", FakeFleet.LocateKey, FakeFleet.PoolLimitsKey, FakeFleet.BootedKey, FakeFleet.AuditLookupKey],
            transport.CommandKeys.Skip(beforeApply));

        // Without -Restart a second run changes nothing; with it, the pending zone alone is rebooted and read back.
        var again = ZoneRepairPlanner.Plan(connection, Policy, null, restart: false).Cast<ZoneRepairPlan>().ToList();
        Assert.All(again, plan => Assert.True(plan.IsEmpty));
        Assert.Empty(ZoneRepairApplier.Apply(connection, Policy, again));
        var restart = ZoneRepairPlanner.Plan(connection, Policy, null, restart: true).Cast<ZoneRepairPlan>().Where(p => !p.IsEmpty).ToList();
        Assert.Equal([$"vmadm reboot {FakeFleet.UuidFor(1)}"], restart.SelectMany(p => p.Plan.Steps).Select(s => ScriptedTransport.Key(s.Command)));
        var rebooted = Assert.IsType<ZoneRepairResult>(Assert.Single(ZoneRepairApplier.Apply(connection, Policy, restart)));
        Assert.True(rebooted.Restarted);
        Assert.True(rebooted.After!.Compliant);
        Assert.All(ZoneRepairPlanner.Plan(connection, Policy, null, restart: true).Cast<ZoneRepairPlan>(), plan => Assert.True(plan.IsEmpty));
    }

    [Fact]
    public void Repair_never_touches_the_delegated_data_or_runs_zfs_changes()
    {
        var transport = Cn(Broken());
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: true).Cast<ZoneRepairPlan>().ToList();
        _ = ZoneRepairApplier.Apply(connection, Policy, plans).ToList();

        Assert.All(transport.Commands, command =>
        {
            Assert.DoesNotContain(command.Arguments, argument => argument.EndsWith("/data", StringComparison.Ordinal));
            Assert.True(command.Program != "zfs" || command.Arguments[0] is "get" or "list", command.CommandLine);
            Assert.True(command.Program != "vmadm" || command.Arguments.Count == 0 || command.Arguments[0] is "lookup" or "update" or "reboot", command.CommandLine);
        });
    }

    [Fact]
    public void An_update_that_vmadm_reports_but_does_not_apply_is_VerificationFailed()
    {
        var transport = Cn(Broken(), updateWorks: false);
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: false).Cast<ZoneRepairPlan>().ToList();

        var results = ZoneRepairApplier.Apply(connection, Policy, plans).ToList();

        var error = Assert.IsType<ZoneDelegationException>(results[0]);
        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Equal(FakeFleet.UuidFor(1), error.Target);
        Assert.Contains("SnapshotLimitMissing: none, expected 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_zone_stays_with_that_zone()
    {
        var fleet = Broken();
        var transport = Cn(fleet).On($"vmadm update {FakeFleet.UuidFor(1)}", exitCode: 1, stderr: "Invalid value(s) for: limit_priv\n");
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: false).Cast<ZoneRepairPlan>().ToList();

        var results = ZoneRepairApplier.Apply(connection, Policy, plans).ToList();

        Assert.Equal(ErrorIds.NativeCommandFailed, Assert.IsType<NativeCommandException>(results[0]).ErrorId);
        Assert.Equal(FakeFleet.UuidFor(4), Assert.IsType<ZoneRepairResult>(Assert.Single(results.Skip(1))).Zone);
        Assert.Equal("default,-sys_fs_import", fleet.Zones[3].LimitPriv);
    }

    [Fact]
    public void Named_zones_only_are_planned()
    {
        var plans = ZoneRepairPlanner.Plan(Cn(Broken()).Connect(), Policy, [ZoneUuid.Parse(FakeFleet.UuidFor(4))], restart: false).ToList();

        Assert.Equal(FakeFleet.UuidFor(4), Assert.IsType<ZoneRepairPlan>(Assert.Single(plans)).Zone);
    }

    [Fact]
    public void Ctrl_C_after_the_first_zone_still_yields_its_verified_result_and_the_stop_before_the_stop_goes_on()
    {
        var fleet = Broken();
        var transport = Cn(fleet);
        using var stop = new CancellationTokenSource();
        var first = fleet.Zones[0];
        transport.OnCommand($"vmadm update {first.Uuid}", command =>
        {
            Update(first, JsonNode.Parse(command.StandardInput!)!.AsObject());
            stop.Cancel(); // Ctrl+C while the first zone's update runs: it completes, the next zone is never started
            return (string.Empty, 0, $"Successfully updated VM {first.Uuid}\n");
        });
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: false).Cast<ZoneRepairPlan>().ToList();
        var results = new List<object>();
        OperationCanceledException? stopped = null;

        using (CommandCancellation.Enter(stop.Token))
        {
            try
            {
                foreach (var item in ZoneRepairApplier.Apply(connection, Policy, plans))
                {
                    results.Add(item);
                }
            }
            catch (OperationCanceledException error)
            {
                stopped = error;
            }
        }

        Assert.NotNull(stopped);
        Assert.Equal(2, results.Count);
        var stop4 = Assert.IsType<ZoneDelegationException>(results[0]);
        Assert.Equal(ErrorIds.ChangeStopped, stop4.ErrorId);
        Assert.Contains(FakeFleet.UuidFor(4), stop4.Message, StringComparison.Ordinal);
        var repaired = Assert.IsType<ZoneRepairResult>(results[1]);
        Assert.Equal(FakeFleet.UuidFor(1), repaired.Zone);
        Assert.Equal([SafetyFindingCode.PendingReboot], repaired.After!.Findings.Select(f => f.CodeValue)); // updated, not rebooted
        Assert.True(repaired.RestartRequired);
        Assert.DoesNotContain($"vmadm update {FakeFleet.UuidFor(4)}", transport.CommandKeys);
    }

    [Fact]
    public void Ctrl_C_between_the_update_and_the_reboot_reads_the_zone_back_as_updated_and_not_rebooted()
    {
        var fleet = Broken();
        var transport = Cn(fleet);
        using var stop = new CancellationTokenSource();
        var first = fleet.Zones[0];
        transport.OnCommand($"vmadm update {first.Uuid}", command =>
        {
            Update(first, JsonNode.Parse(command.StandardInput!)!.AsObject());
            stop.Cancel();
            return (string.Empty, 0, string.Empty);
        });
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, [ZoneUuid.Parse(first.Uuid)], restart: true).Cast<ZoneRepairPlan>().ToList();
        var results = new List<object>();

        using (CommandCancellation.Enter(stop.Token))
        {
            using var items = ZoneRepairApplier.Apply(connection, Policy, plans).GetEnumerator();
            Assert.Throws<OperationCanceledException>(() =>
            {
                while (items.MoveNext())
                {
                    results.Add(items.Current);
                }
            });
        }

        var error = Assert.IsType<ZoneDelegationException>(results[0]);
        Assert.Contains($"Not run: 2. {plans[0].Plan.Steps[1].Command.CommandLine}.", error.Message, StringComparison.Ordinal);
        var result = Assert.IsType<ZoneRepairResult>(results[1]);
        Assert.False(result.Restarted);
        Assert.True(result.RestartRequired);
        Assert.DoesNotContain($"vmadm reboot {first.Uuid}", transport.CommandKeys);
    }

    [Fact]
    public void A_failed_reboot_says_that_the_update_ran_and_what_the_zone_reads_back_as()
    {
        var fleet = Broken();
        var first = fleet.Zones[0];
        var transport = Cn(fleet).On($"vmadm reboot {first.Uuid}", exitCode: 1, stderr: "zone is busy\n");
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, [ZoneUuid.Parse(first.Uuid)], restart: true).Cast<ZoneRepairPlan>().ToList();
        var steps = plans[0].Plan.Steps;

        var results = ZoneRepairApplier.Apply(connection, Policy, plans).ToList();

        var error = Assert.IsType<NativeCommandException>(Assert.Single(results));
        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.Contains("It was step 2 of 2.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Completed: 1. {steps[0].Command.CommandLine}.", error.Message, StringComparison.Ordinal);
        // The update took, the reboot did not: the zone still runs with sys_fs_import.
        Assert.Contains("Read back, not as planned yet: PendingReboot: running with sys_fs_import", error.Message, StringComparison.Ordinal);
    }
    /// <summary>Zone 1 runs with the set it booted with (limit_priv "default") although its limit_priv was fixed since.</summary>
    private static FakeFleet PendingReboot()
    {
        var fleet = FakeFleet.Safe(3);
        fleet.Zones[0].BootedLimitPriv = "default";
        fleet.Zones[2].BootedLimitPriv = "default";
        fleet.Zones[2].State = "stopped"; // boots with its configuration: nothing pending
        return fleet;
    }

    [Fact]
    public void Without_Restart_a_zone_pending_reboot_gets_no_command_and_its_result_says_a_restart_is_required()
    {
        var plan = Plan(Cn(PendingReboot()))[0];

        Assert.True(plan.IsEmpty);
        Assert.Contains("Repair-SafeZone -Restart", plan.Plan.Summary, StringComparison.Ordinal);
        var result = ZoneRepairApplier.Unchanged(plan);
        Assert.False(result.Changed);
        Assert.True(result.RestartRequired);
        Assert.Equal([SafetyFindingCode.PendingReboot], result.NotFixed.Select(f => f.CodeValue));
    }

    [Fact]
    public void Restart_reboots_exactly_the_zones_pending_reboot_and_reads_them_back_rebooted()
    {
        var fleet = PendingReboot();
        var transport = Cn(fleet);
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: true).Cast<ZoneRepairPlan>().ToList();

        Assert.Equal([[$"vmadm reboot {FakeFleet.UuidFor(1)}"], [], []],
            plans.Select(p => p.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)).ToArray()));
        Assert.True(plans[0].Restarts);
        Assert.Equal([SafetyFindingCode.PendingReboot], plans[0].Fixes.Select(f => f.CodeValue));

        var result = Assert.IsType<ZoneRepairResult>(Assert.Single(ZoneRepairApplier.Apply(connection, Policy, plans)));
        Assert.True(result.Changed);
        Assert.True(result.Restarted);
        Assert.False(result.RestartRequired);
        Assert.Equal([nameof(SafetyFindingCode.PendingReboot)], result.Fixed);
        Assert.True(result.After!.Compliant);
        Assert.Null(fleet.Zones[0].BootedLimitPriv);
    }

    [Fact]
    public void A_reboot_after_which_the_zone_still_runs_with_sys_fs_import_is_VerificationFailed()
    {
        var fleet = PendingReboot();
        var transport = Cn(fleet).On($"vmadm reboot {FakeFleet.UuidFor(1)}", stderr: "Successfully completed reboot\n"); // says so, changes nothing
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: true).Cast<ZoneRepairPlan>().ToList();

        var error = Assert.IsType<ZoneDelegationException>(Assert.Single(ZoneRepairApplier.Apply(connection, Policy, plans)));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains("PendingReboot", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A reboot is verified only by a booted limit set read back: a read-back that cannot read it is VerificationFailed.</summary>
    [Fact]
    public void A_reboot_whose_read_back_cannot_read_the_booted_set_is_VerificationFailed()
    {
        var fleet = PendingReboot();
        var transport = Cn(fleet);
        var reads = 0;
        transport.OnStream(FakeFleet.BootedKey, () => new StringReader(++reads == 1 ? FakeFleet.Booted(fleet.Zones) : string.Empty));
        using var connection = transport.Connect();
        var plans = ZoneRepairPlanner.Plan(connection, Policy, null, restart: true).Cast<ZoneRepairPlan>().ToList();

        var error = Assert.IsType<ZoneDelegationException>(Assert.Single(ZoneRepairApplier.Apply(connection, Policy, plans)));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains("BootedLimitSetUnknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_update_and_reboot_with_Restart_ends_compliant_and_an_update_alone_ends_pending_reboot()
    {
        var rebootedFleet = Broken();
        using var rebooted = Cn(rebootedFleet).Connect();
        var withRestart = ZoneRepairApplier.Apply(rebooted, Policy,
            ZoneRepairPlanner.Plan(rebooted, Policy, [ZoneUuid.Parse(FakeFleet.UuidFor(1))], restart: true).Cast<ZoneRepairPlan>().ToList())
            .Cast<ZoneRepairResult>().Single();
        var updatedFleet = Broken();
        using var updated = Cn(updatedFleet).Connect();
        var withoutRestart = ZoneRepairApplier.Apply(updated, Policy,
            ZoneRepairPlanner.Plan(updated, Policy, [ZoneUuid.Parse(FakeFleet.UuidFor(1))], restart: false).Cast<ZoneRepairPlan>().ToList())
            .Cast<ZoneRepairResult>().Single();

        Assert.True(withRestart.Restarted);
        Assert.False(withRestart.RestartRequired);
        Assert.True(withRestart.After!.Compliant);
        Assert.False(withoutRestart.Restarted);
        Assert.True(withoutRestart.RestartRequired);
        Assert.Equal([SafetyFindingCode.PendingReboot], withoutRestart.After!.Findings.Select(f => f.CodeValue));
    }
}

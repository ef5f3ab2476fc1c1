using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Reprovision;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zones;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;
using static ZoneDelegation.Core.Tests.Snapshots.ZoneLifecycleFakes;

namespace ZoneDelegation.Core.Tests.Snapshots;

public class ZoneReprovisionTests
{
    private static readonly Guid NewImage = Guid.Parse("2f1dc911-6401-4fa4-8e9d-67ea2e39c271");
    private static readonly string ReprovisionKey = $"vmadm reprovision {Zone}";
    private static readonly string StopKey = $"vmadm stop {Zone}";

    private static ScriptedTransport Cn(string vmBefore, string? vmAfter = null, string? limitsAfter = null, string? treeAfter = null) => Smartos()
        .OnCommand(VmGetKey, InTurn(vmBefore, vmAfter ?? vmBefore.Replace(Image, NewImage.ToString("D"), StringComparison.Ordinal)))
        .OnCommand(TxgKey, InTurn(Txgs("vmsnap-a", "vmsnap-b"), Txgs()))
        .OnCommand(TreeKey, InTurn(Tree(), treeAfter ?? Tree()))
        .OnCommand(LimitsKey, InTurn(LimitAnswer(), limitsAfter ?? LimitAnswer()))
        .On(ReprovisionKey)
        .On(StopKey);

    [Fact]
    public void ThePlanSaysWhatIsDestroyedAndWhatIsKeptAndTheReadBackShowsIt()
    {
        var transport = Cn(Vm());
        using var connection = transport.Connect();

        var plan = ZoneReprovisionPlanner.Plan(connection, Zone, NewImage);

        var step = Assert.Single(plan.Plan.Steps).Command;
        Assert.Equal(ReprovisionKey, ScriptedTransport.Key(step));
        Assert.Equal($$"""{"image_uuid": "{{NewImage:D}}"}""" + "\n", step.StandardInput);
        Assert.Contains("every root snapshot is destroyed with it: vmsnap-a, vmsnap-b", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains($"{Data} is kept as it is, with its 1 snapshots", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains("snapshot_limit 128, filesystem_limit 32", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains("limit_priv default,-sys_fs_import", plan.Plan.Summary, StringComparison.Ordinal);

        var result = ZoneReprovisionApplier.Apply(connection, plan);

        Assert.Equal([VmGetKey, TxgKey, TreeKey, LimitsKey, ReprovisionKey, VmGetKey, TxgKey, TreeKey, LimitsKey], transport.CommandKeys.Skip(3));
        Assert.Equal(NewImage.ToString("D"), result.ImageUuid);
        Assert.Equal(Image, result.PreviousImageUuid);
        Assert.Equal(["vmsnap-a", "vmsnap-b"], result.DestroyedSnapshots);
        Assert.Equal([Data], result.Kept);
        Assert.Equal(128UL, result.SnapshotLimit);
        Assert.Equal("default,-sys_fs_import", result.LimitPriv);
    }

    [Fact]
    public void LostLimitsAChangedLimitPrivAndAReplacedDataAreEachNamed()
    {
        var after = Vm().Replace(Image, NewImage.ToString("D"), StringComparison.Ordinal).Replace("default,-sys_fs_import", "default", StringComparison.Ordinal);
        var transport = Cn(Vm(), after, LimitRows(Unlimited, "0", "32", "1", "10737418240"), Tree(dataGuid: "555"));
        using var connection = transport.Connect();
        var plan = ZoneReprovisionPlanner.Plan(connection, Zone, NewImage);

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneReprovisionApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains("snapshot_limit is none, was 128", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit_priv is default, was default,-sys_fs_import", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Data} has guid 555, was 111", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunningZoneIsBootedAgainByVmadmAndNothingElseRuns()
    {
        var transport = Cn(Vm());
        using var connection = transport.Connect();

        var plan = ZoneReprovisionPlanner.Plan(connection, Zone, NewImage);
        var result = ZoneReprovisionApplier.Apply(connection, plan);

        Assert.Equal([ReprovisionKey], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Contains("The zone is running: vmadm shuts it down (and halts it if it is not down within 60 s), and boots it again at the end.",
            plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Equal("running", result.State);
    }

    [Fact]
    public void AStoppedZoneIsSaidToBeBootedByVmadmAndIsStoppedAgainAndReadBackStopped()
    {
        var stopped = Vm(state: "stopped");
        var stoppedAgain = Vm(state: "stopped").Replace(Image, NewImage.ToString("D"), StringComparison.Ordinal);
        var transport = Cn(stopped, stoppedAgain);
        using var connection = transport.Connect();

        var plan = ZoneReprovisionPlanner.Plan(connection, Zone, NewImage);
        var result = ZoneReprovisionApplier.Apply(connection, plan);

        // VM.js reprovision ends in installZone with autoboot true (VM.start): the plan says so and stops the zone after.
        Assert.Equal([ReprovisionKey, StopKey], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Contains("The zone is stopped, but vmadm boots it at the end of every reprovision", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains("so it ends stopped", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Equal([ReprovisionKey, StopKey, VmGetKey], transport.CommandKeys.SkipWhile(key => key != ReprovisionKey).Take(3));
        Assert.Equal("stopped", result.State);
    }

    [Fact]
    public void AFailedStopAfterTheReprovisionSaysTheZoneWasReprovisionedAndBootedAndItsStateNow()
    {
        var stopped = Vm(state: "stopped");
        var running = Vm(state: "running").Replace(Image, NewImage.ToString("D"), StringComparison.Ordinal);
        var transport = Cn(stopped, running).On(StopKey, exitCode: 1, stderr: "zone busy\n");
        using var connection = transport.Connect();
        var plan = ZoneReprovisionPlanner.Plan(connection, Zone, NewImage);

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneReprovisionApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.Contains($"was reprovisioned with image {NewImage:D} and booted by vmadm", error.Message, StringComparison.Ordinal);
        Assert.Contains("zone busy. The zone is now running; it was stopped before.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"vmadm stop {Zone}", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("running", "stopped", "the zone is stopped, expected running (it was running)")]
    [InlineData("stopped", "running", "the zone is running, expected stopped (it was stopped)")]
    public void AZoneNotInTheStateItWasInIsVerificationFailed(string before, string after, string difference)
    {
        var transport = Cn(Vm(state: before), Vm(state: after).Replace(Image, NewImage.ToString("D"), StringComparison.Ordinal));
        using var connection = transport.Connect();
        var plan = ZoneReprovisionPlanner.Plan(connection, Zone, NewImage);

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneReprovisionApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains(difference, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { Vm(datasets: $"[\"{Data}\", \"{Root}/more\"]"), "2 delegated datasets" },
        { Vm(datasets: $"[\"{Root}/elsewhere\"]"), "vmadm keeps only" },
        { Vm(extra: "\"indestructible_zoneroot\": true,"), "indestructible_zoneroot is set" },
        { Vm(brand: "bhyve", delegated: false), "bhyve" },
        { Vm(brand: "kvm", delegated: false), "kvm" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void WhatVmadmRefusesIsRefusedBeforeAnythingChanges(string vm, string reason)
    {
        var transport = Cn(vm);
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneReprovisionPlanner.Plan(connection, Zone, NewImage));

        Assert.Equal(ErrorIds.ReprovisionNotSupported, error.ErrorId);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ReprovisionKey, transport.CommandKeys);
    }
}

using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Parsing;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;
using static ZoneDelegation.Core.Tests.Snapshots.ZoneLifecycleFakes;

namespace ZoneDelegation.Core.Tests.Snapshots;

public class ZoneSnapshotRestoreTests
{
    private const string Stop = $"vmadm stop {Zone}";
    private const string Start = $"vmadm start {Zone}";
    private const string Rollback = $"zfs rollback -r {Root}@vmsnap-a";
    private const string VmSnapshotListKey = $"zfs list -H -o name -t snapshot -r {Root}";

    private static ScriptedTransport Cn(string vmBefore, string vmAfter, string txgsBefore, string txgsAfter, string treeAfter) => Smartos()
        .OnCommand(VmGetKey, InTurn(vmBefore, vmAfter))
        .OnCommand(TxgKey, InTurn(txgsBefore, txgsAfter))
        .OnCommand(TreeKey, InTurn(Tree(), treeAfter))
        .On(Stop).On(Start).On(Rollback);

    [Fact]
    public void ARunningDelegatedZoneIsStoppedRolledBackAndStartedAndItsDataIsShownUntouched()
    {
        var transport = Cn(Vm(), Vm(), Txgs("vmsnap-a", "vmsnap-b", "daily"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");

        Assert.Equal([Stop, Rollback, Start], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Equal(["vmsnap-b", "daily"], plan.Destroyed.Select(d => d.ShortName));
        Assert.Contains("destroys the newer root snapshots vmsnap-b, daily", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains("shut down cleanly first (vmadm stop) and booted again after", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains($"not touched: {Data} and their 1 snapshots", plan.Plan.Summary, StringComparison.Ordinal);

        var restore = ZoneSnapshotRestoreApplier.Apply(connection, plan);

        Assert.Equal([VmGetKey, TxgKey, TreeKey, Stop, Rollback, Start, VmGetKey, TxgKey, TreeKey], transport.CommandKeys.Skip(3));
        Assert.True(restore.Restarted);
        Assert.Equal("running", restore.State);
        Assert.Equal($"{Root}@vmsnap-a", restore.Snapshot);
        Assert.Equal(["vmsnap-b", "daily"], restore.DestroyedSnapshots);
        Assert.Equal([Data], restore.Untouched);
        Assert.Equal(1, restore.DelegatedSnapshots);
    }

    [Fact]
    public void AStoppedZoneIsNeitherStoppedNorStarted()
    {
        var transport = Cn(Vm(state: "stopped"), Vm(state: "stopped"), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "vmsnap-a");

        Assert.Equal([Rollback], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        var restore = ZoneSnapshotRestoreApplier.Apply(connection, plan);
        Assert.False(restore.Restarted);
        Assert.Equal("stopped", restore.State);
    }

    [Fact]
    public void ARunningZoneWithoutDatasetsIsShutDownCleanlyThenVmadmRollsItBackAndBootsIt()
    {
        var vmadmRollback = $"vmadm rollback-snapshot {Zone} a";
        var transport = Cn(Vm(delegated: false), Vm(delegated: false), Txgs("vmsnap-a", "vmsnap-b"), Txgs("vmsnap-a"), Tree()).On(vmadmRollback);
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");
        var restore = ZoneSnapshotRestoreApplier.Apply(connection, plan);

        // vmadm rollback-snapshot would halt a running zone by force (VM.stop with force); a clean stop first avoids that.
        Assert.Equal([Stop, vmadmRollback], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Contains("a clean shutdown", plan.Plan.Steps[0].Description, StringComparison.Ordinal);
        Assert.Contains("boots it again", plan.Plan.Steps[1].Description, StringComparison.Ordinal);
        Assert.Contains("shut down cleanly first (vmadm stop) and booted again after", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(TreeKey, transport.CommandKeys);
        Assert.DoesNotContain(Start, transport.CommandKeys);
        Assert.True(restore.Restarted);
        Assert.Equal("running", restore.State);
    }

    [Fact]
    public void AStoppedZoneWithoutDatasetsIsRolledBackWithoutVmadmWhichWouldBootItAndStaysStopped()
    {
        var transport = Cn(Vm(delegated: false, state: "stopped"), Vm(delegated: false, state: "stopped"), Txgs("vmsnap-a", "vmsnap-b"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");
        var restore = ZoneSnapshotRestoreApplier.Apply(connection, plan);

        Assert.Equal([Rollback], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Contains("the zone is stopped: it is not booted and stays so (vmadm rollback-snapshot would boot it", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("vmadm rollback-snapshot", StringComparison.Ordinal) || key == Start);
        Assert.False(restore.Restarted);
        Assert.Equal("stopped", restore.State);
        Assert.Equal([Rollback, VmGetKey, TxgKey], transport.CommandKeys.SkipWhile(key => key != Rollback)); // the state is read back after it
    }

    [Fact]
    public void AStoppedZoneThatIsRunningAfterTheRestoreIsVerificationFailed()
    {
        var transport = Cn(Vm(state: "stopped"), Vm(state: "running"), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains("the zone is running, it was stopped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoppedBhyveVmIsRolledBackWithItsDisksAsVmadmDoesAndStaysStopped()
    {
        var bhyve = Vm(brand: "bhyve", delegated: false, state: "stopped");
        var transport = Cn(bhyve, bhyve, Txgs("vmsnap-a", "vmsnap-b"), Txgs("vmsnap-a"), Tree())
            .On(VmSnapshotListKey, $"{Root}@vmsnap-a\n{Root}@vmsnap-b\n{Root}/disk0@vmsnap-a\n{Root}/disk0@vmsnap-b\n{Root}/disk0@other-vmsnap-a\n")
            .On($"zfs rollback -r {Root}/disk0@vmsnap-a");
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");
        ZoneSnapshotRestoreApplier.Apply(connection, plan);

        Assert.Equal([Rollback, $"zfs rollback -r {Root}/disk0@vmsnap-a"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("vmadm rollback-snapshot", StringComparison.Ordinal) || key == Start);
    }

    [Fact]
    public void ASnapshotListedOutsideTheZoneRootIsAParseErrorAndNothingRuns()
    {
        var bhyve = Vm(brand: "bhyve", delegated: false, state: "stopped");
        var transport = Cn(bhyve, bhyve, Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree())
            .On(VmSnapshotListKey, $"{Root}@vmsnap-a\n{Pool}/other@vmsnap-a\n");
        using var connection = transport.Connect();

        var error = Assert.Throws<ParseException>(() => ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a"));

        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs rollback", StringComparison.Ordinal));
    }

    [Fact]
    public void AFailedRollbackStopsThereAndNamesTheStepsAndTheZonesState()
    {
        var transport = Cn(Vm(), Vm(state: "stopped"), Txgs("vmsnap-a", "vmsnap-b"), Txgs("vmsnap-a"), Tree())
            .On(Rollback, exitCode: 1, stderr: $"cannot rollback to '{Root}@vmsnap-a': clones of previous snapshots exist\n");
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.SnapshotRestoreFailed, error.ErrorId);
        Assert.Contains("stopped at step 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("clones of previous snapshots exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Steps that ran: LC_ALL=C 'vmadm' 'stop'", error.Message, StringComparison.Ordinal);
        Assert.Contains("The zone is now stopped; it was running before the restore and has not been started again", error.Message, StringComparison.Ordinal);
        Assert.Contains($"vmadm start {Zone}", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(Start, transport.CommandKeys);
        Assert.Equal(VmGetKey, transport.CommandKeys[^1]);
    }

    private static ScriptedTransport RunningZoneWhoseRollbackOutlivesItsTimeout() =>
        Cn(Vm(), Vm(state: "stopped"), Txgs("vmsnap-a", "vmsnap-b"), Txgs("vmsnap-a"), Tree()).OutliveTimeout(Rollback);

    [Fact]
    public void EveryStepReachesTheTransportAsAWriteSoARollbackPastItsTimeoutMayStillBeRunningInsteadOfBeingKilled()
    {
        // Issue 15 item 3: the steps ran unmarked, so the transport killed the rollback and the restore said SnapshotRestoreFailed.
        var transport = RunningZoneWhoseRollbackOutlivesItsTimeout();
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");

        var error = Assert.Throws<NativeCommandException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
        Assert.All(transport.Commands.Where(c => ScriptedTransport.Key(c) is Stop or Rollback), c => Assert.True(c.ChangesState, ScriptedTransport.Key(c)));
        Assert.Contains("step 2 may still be running", error.Message, StringComparison.Ordinal);
        Assert.Contains("The zone is now stopped", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Start, transport.CommandKeys);
        Assert.Equal(VmGetKey, transport.CommandKeys[^1]);
    }

    [Fact]
    public void AfterAFailedStepTheZoneIsReadBackWhereCtrlCCannotCancelIt()
    {
        var transport = RunningZoneWhoseRollbackOutlivesItsTimeout();
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");
        using var stop = new CancellationTokenSource();

        using (CommandCancellation.Enter(stop.Token))
        {
            Assert.Throws<NativeCommandException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));
        }

        Assert.Equal([Stop, Rollback], transport.CancellableKeys);
        Assert.Equal(VmGetKey, transport.CommandKeys[^1]);
    }

    [Fact]
    public void AChangedDelegatedDatasetIsVerificationFailed()
    {
        var transport = Cn(Vm(), Vm(), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree(snapshotGuid: "999"));
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains($"{Data}@daily has guid 999, was 222", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AZoneLeftStoppedIsVerificationFailed()
    {
        var transport = Cn(Vm(), Vm(state: "stopped"), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorePlanner.Plan(connection, Zone, "a");

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));

        Assert.Contains("the zone is stopped, it was running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSnapshotIsNotFoundAndNothingRuns()
    {
        var transport = Cn(Vm(), Vm(), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestorePlanner.Plan(connection, Zone, "nope"));

        Assert.Equal(ErrorIds.SnapshotNotFound, error.ErrorId);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs rollback", StringComparison.Ordinal) || key == Stop);
    }

    [Fact]
    public void ABhyveSnapshotNotMadeByVmadmIsRefused()
    {
        var transport = Cn(Vm(brand: "bhyve", delegated: false), Vm(), Txgs("manual"), Txgs("manual"), Tree());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestorePlanner.Plan(connection, Zone, "manual"));

        Assert.Equal(ErrorIds.SnapshotNotSupported, error.ErrorId);
    }
}

using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Tests.Fakes;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;
using static ZoneDelegation.Core.Tests.Snapshots.ZoneLifecycleFakes;

namespace ZoneDelegation.Core.Tests.Snapshots;

public class ZoneSnapshotRestorerTests
{
    private const string Stop = $"vmadm stop {Zone}";
    private const string Start = $"vmadm start {Zone}";
    private const string Rollback = $"zfs rollback -r {Root}@vmsnap-a";

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

        var plan = ZoneSnapshotRestorer.Plan(connection, Zone, "a");

        Assert.Equal([Stop, Rollback, Start], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Equal(["vmsnap-b", "daily"], plan.Destroyed.Select(d => d.ShortName));
        Assert.Contains("destroys the newer root snapshots vmsnap-b, daily", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains("stopped first and started again", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Contains($"not touched: {Data} and their 1 snapshots", plan.Plan.Summary, StringComparison.Ordinal);

        var restore = ZoneSnapshotRestorer.Apply(connection, plan);

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

        var plan = ZoneSnapshotRestorer.Plan(connection, Zone, "vmsnap-a");

        Assert.Equal([Rollback], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.False(ZoneSnapshotRestorer.Apply(connection, plan).Restarted);
    }

    [Fact]
    public void AZoneWithoutDatasetsGoesThroughVmadmRollbackSnapshot()
    {
        var transport = Cn(Vm(delegated: false), Vm(delegated: false), Txgs("vmsnap-a", "vmsnap-b"), Txgs("vmsnap-a"), Tree())
            .On($"vmadm rollback-snapshot {Zone} a");
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRestorer.Plan(connection, Zone, "a");
        ZoneSnapshotRestorer.Apply(connection, plan);

        Assert.Equal([$"vmadm rollback-snapshot {Zone} a"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.DoesNotContain(TreeKey, transport.CommandKeys);
        Assert.DoesNotContain(Stop, transport.CommandKeys);
    }

    [Fact]
    public void AFailedRollbackStopsThereAndNamesTheStepsAndTheZonesState()
    {
        var transport = Cn(Vm(), Vm(state: "stopped"), Txgs("vmsnap-a", "vmsnap-b"), Txgs("vmsnap-a"), Tree())
            .On(Rollback, exitCode: 1, stderr: $"cannot rollback to '{Root}@vmsnap-a': clones of previous snapshots exist\n");
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorer.Plan(connection, Zone, "a");

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestorer.Apply(connection, plan));

        Assert.Equal(ErrorIds.SnapshotRestoreFailed, error.ErrorId);
        Assert.Contains("stopped at step 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("clones of previous snapshots exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Steps that ran: LC_ALL=C 'vmadm' 'stop'", error.Message, StringComparison.Ordinal);
        Assert.Contains("The zone is now stopped; it was running before the restore and has not been started again", error.Message, StringComparison.Ordinal);
        Assert.Contains($"vmadm start {Zone}", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(Start, transport.CommandKeys);
        Assert.Equal(VmGetKey, transport.CommandKeys[^1]);
    }

    [Fact]
    public void AChangedDelegatedDatasetIsVerificationFailed()
    {
        var transport = Cn(Vm(), Vm(), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree(snapshotGuid: "999"));
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorer.Plan(connection, Zone, "a");

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestorer.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains($"{Data}@daily has guid 999, was 222", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AZoneLeftStoppedIsVerificationFailed()
    {
        var transport = Cn(Vm(), Vm(state: "stopped"), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRestorer.Plan(connection, Zone, "a");

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestorer.Apply(connection, plan));

        Assert.Contains("the zone is stopped, it was running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSnapshotIsNotFoundAndNothingRuns()
    {
        var transport = Cn(Vm(), Vm(), Txgs("vmsnap-a"), Txgs("vmsnap-a"), Tree());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestorer.Plan(connection, Zone, "nope"));

        Assert.Equal(ErrorIds.SnapshotNotFound, error.ErrorId);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs rollback", StringComparison.Ordinal) || key == Stop);
    }

    [Fact]
    public void ABhyveSnapshotNotMadeByVmadmIsRefused()
    {
        var transport = Cn(Vm(brand: "bhyve", delegated: false), Vm(), Txgs("manual"), Txgs("manual"), Tree());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestorer.Plan(connection, Zone, "manual"));

        Assert.Equal(ErrorIds.SnapshotNotSupported, error.ErrorId);
    }
}

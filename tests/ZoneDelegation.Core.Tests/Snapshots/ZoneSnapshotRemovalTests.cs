using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Tests.Fakes;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;
using static ZoneDelegation.Core.Tests.Snapshots.ZoneLifecycleFakes;

namespace ZoneDelegation.Core.Tests.Snapshots;

public class ZoneSnapshotRemovalTests
{
    private const string Missing = "cannot open '{0}': dataset does not exist\n";

    private static ScriptedTransport Cn(string vm, string clones = "") => Smartos()
        .On(VmGetKey, vm)
        .On(TxgKey, Txgs("vmsnap-a", "manual"))
        .On(ClonesKey, $"{Pool}\t-\n{Root}\t-\n{Data}\t-\n" + clones);

    private static ScriptedTransport Gone(ScriptedTransport transport, string snapshot, string destroyKey) => transport
        .On(destroyKey)
        .On(ExistsKey(snapshot), exitCode: 1, stderr: string.Format(System.Globalization.CultureInfo.InvariantCulture, Missing, snapshot));

    [Fact]
    public void ARootSnapshotOfADelegatedZoneIsDestroyedAloneWithZfs()
    {
        var snapshot = $"{Root}@vmsnap-a";
        var transport = Gone(Cn(Vm()), snapshot, $"zfs destroy {snapshot}");
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "vmsnap-a", dataset: null, force: false);
        ZoneSnapshotRemovalApplier.Apply(connection, plan);

        Assert.Equal([VmGetKey, TxgKey, ClonesKey, $"zfs destroy {snapshot}", ExistsKey(snapshot)], transport.CommandKeys.Skip(3));
        Assert.Equal(SnapshotScope.Root, plan.Scope);
        Assert.DoesNotContain(transport.Commands, c => c.Arguments is ["destroy", ..] && (c.Arguments.Contains("-r") || c.Arguments.Contains("-R")));
    }

    [Fact]
    public void TheVmadmNameFindsTheVmsnapSnapshotAndAZoneWithoutDatasetsUsesVmadm()
    {
        var transport = Gone(Cn(Vm(delegated: false)), $"{Root}@vmsnap-a", $"vmadm delete-snapshot {Zone} a");
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "a", dataset: null, force: false);
        ZoneSnapshotRemovalApplier.Apply(connection, plan);

        Assert.Equal([$"vmadm delete-snapshot {Zone} a"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
    }

    [Fact]
    public void ARootSnapshotNotMadeByVmadmIsDestroyedWithZfsEvenWithoutDatasets()
    {
        var transport = Cn(Vm(delegated: false));
        using var connection = transport.Connect();

        var plan = ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "manual", dataset: null, force: false);

        Assert.Equal([$"zfs destroy {Root}@manual"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
    }

    [Fact]
    public void ADelegatedSnapshotBelongsToTheZoneAdminUnlessForced()
    {
        var snapshot = $"{Data}@daily";
        var transport = Gone(Cn(Vm()), snapshot, $"zfs destroy {snapshot}").On(ExistsKey(snapshot), $"{snapshot}\tcreatetxg\t7\t-\n");
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "daily", Data, force: false));
        Assert.Equal(ErrorIds.DelegatedSnapshotNotOwned, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.PermissionDenied, error.Category);
        Assert.Contains("-Force", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs destroy", StringComparison.Ordinal));

        var plan = ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "daily", Data, force: true);
        Assert.Equal(SnapshotScope.Delegated, plan.Scope);
        Assert.Equal([$"zfs destroy {snapshot}"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
    }

    [Fact]
    public void ASnapshotWithClonesIsRefusedNamingThem()
    {
        var transport = Cn(Vm(), $"{Pool}/copy\t{Root}@vmsnap-a\n{Pool}/other\t{Root}@manual\n");
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "a", dataset: null, force: false));

        Assert.Equal(ErrorIds.SnapshotHasClones, error.ErrorId);
        Assert.Contains($"has clones: {Pool}/copy.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Pool}/other", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tank/someone-else", "x")]
    [InlineData("tank/61316833-2323-4d07-a4be-4a25d76f63a6x", "x")]
    public void ADatasetOutsideTheZoneIsRefused(string dataset, string name)
    {
        using var connection = Cn(Vm()).Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRemovalPlanner.Plan(connection, Zone, name, dataset, force: true));

        Assert.Equal(ErrorIds.InvalidDatasetName, error.ErrorId);
    }

    [Fact]
    public void AnInjectedNameIsRefusedBeforeAnythingIsSent()
    {
        var transport = Cn(Vm());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "a;rm -rf /", dataset: null, force: false));

        Assert.Equal(ErrorIds.InvalidSnapshotName, error.ErrorId);
        Assert.DoesNotContain(transport.CommandKeys, key => key.Contains("rm -rf", StringComparison.Ordinal));
    }

    [Fact]
    public void ASnapshotStillThereAfterDestroyIsVerificationFailed()
    {
        var snapshot = $"{Root}@vmsnap-a";
        var transport = Cn(Vm()).On($"zfs destroy {snapshot}").On(ExistsKey(snapshot), $"{snapshot}\tcreatetxg\t10\t-\n");
        using var connection = transport.Connect();
        var plan = ZoneSnapshotRemovalPlanner.Plan(connection, Zone, "a", dataset: null, force: false);

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRemovalApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
    }
}

using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Tests.Fakes;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;
using static ZoneDelegation.Core.Tests.Snapshots.ZoneLifecycleFakes;

namespace ZoneDelegation.Core.Tests.Snapshots;

public class ZoneSnapshotCreationTests
{
    private const string Probes = "sysinfo|vmadm|zfs list -H -p -o name tank";

    private static ScriptedTransport Cn(string vm, string txgs, string limitsBefore, string? limitsAfter = null) => Smartos()
        .On(VmGetKey, vm)
        .On(TxgKey, txgs)
        .OnCommand(LimitsKey, InTurn(limitsBefore, limitsAfter ?? limitsBefore));

    [Fact]
    public void AZoneWithADelegatedDatasetGetsARootOnlyZfsSnapshotThatSaysWhatItExcludes()
    {
        var transport = Cn(Vm(), Txgs("vmsnap-old"), LimitAnswer("128", "3"), LimitAnswer("128", "4"))
            .On($"zfs snapshot {Root}@vmsnap-before", string.Empty)
            .On(ListingKey, $"{Root}@vmsnap-old\t1700000000\t0\t100\n{Root}@vmsnap-before\t1700000100\t0\t200\n{Data}@daily\t1700000050\t0\t4096\n");
        using var connection = transport.Connect();

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, Zone, "before", force: false);

        Assert.Equal([$"zfs snapshot {Root}@vmsnap-before"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Equal([Data], plan.Excludes);
        Assert.Equal(ZoneSnapshotCreationPlanner.CoverageWarning, plan.CoverageWarning);
        Assert.Empty(plan.Warnings);
        Assert.Contains($"Not in the snapshot: {Data}", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Equal([.. Probes.Split('|'), VmGetKey, TxgKey, LimitsKey], transport.CommandKeys);

        var created = ZoneSnapshotCreationApplier.Apply(connection, plan);

        Assert.Equal([$"zfs snapshot {Root}@vmsnap-before", ListingKey, LimitsKey], transport.CommandKeys.Skip(6));
        // Issue 17 item 5: Name is what New-ZoneSnapshot was given, as Get-ZoneSnapshot shows it; ZfsName is after '@'.
        Assert.Equal("before", created.Name);
        Assert.Equal("vmsnap-before", created.ZfsName);
        Assert.Equal(Root, created.Covers);
        Assert.Equal([Data], created.Excludes);
        Assert.Equal("zfs snapshot", created.Method);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000100), created.Created);
        Assert.Equal(4UL, created.SnapshotCount);
        Assert.Equal(128UL, created.SnapshotLimit);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs snapshot -r", StringComparison.Ordinal));
    }

    [Fact]
    public void AZoneWithoutDatasetsGoesThroughVmadmAndNeedsNoCoverageWarning()
    {
        var transport = Cn(Vm(delegated: false), Txgs(), LimitAnswer());
        using var connection = transport.Connect();

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, Zone, "v1.2:rc-1", force: false);

        Assert.Equal([$"vmadm create-snapshot {Zone} v1.2:rc-1"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Null(plan.CoverageWarning);
        Assert.Empty(plan.Excludes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("pct%")]
    [InlineData("a-name-that-is-far-too-long-for-vmadm-which-allows-at-most-64-chars")]
    public void ABadNameIsRefusedBeforeAnythingIsSent(string name)
    {
        var transport = Cn(Vm(), Txgs(), LimitAnswer());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotCreationPlanner.Plan(connection, Zone, name, force: false));

        Assert.Equal(ErrorIds.InvalidSnapshotName, error.ErrorId);
        Assert.Empty(transport.Commands);
    }

    [Fact]
    public void AnExistingNameIsSnapshotExists()
    {
        var transport = Cn(Vm(), Txgs("vmsnap-before"), LimitAnswer());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotCreationPlanner.Plan(connection, Zone, "before", force: false));

        Assert.Equal(ErrorIds.SnapshotExists, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.ResourceExists, error.Category);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs snapshot", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("5", "5")]
    [InlineData("5", "7")]
    [InlineData("0", "0")]
    public void AtOrOverTheLimitItIsRefusedNamingCountLimitAndTheWayOut(string limit, string count)
    {
        var transport = Cn(Vm(), Txgs(), LimitAnswer(limit, count));
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: false));

        Assert.Equal(ErrorIds.SnapshotLimitReached, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.LimitsExceeded, error.Category);
        Assert.Contains($"has {count} snapshots and its snapshot_limit is {limit}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Remove-ZoneSnapshot", error.Hint, StringComparison.Ordinal);
        Assert.Contains("Set-DatasetLimit", error.Hint, StringComparison.Ordinal);
        Assert.Contains("-Force", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void ForceTakesItPastTheLimitWithAWarning()
    {
        var transport = Cn(Vm(), Txgs(), LimitAnswer("5", "5"));
        using var connection = transport.Connect();

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: true);

        Assert.Single(plan.Plan.Steps);
        Assert.Contains("leaves 6 of 5", Assert.Single(plan.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10", "9", true)]    // 0 left of 10: fewer than a tenth
    [InlineData("10", "8", false)]   // 1 left: a tenth, not fewer
    [InlineData("100", "89", false)] // 10 left of 100
    [InlineData("100", "90", true)]  // 9 left
    [InlineData(Unlimited, "500", false)]
    public void AWarningWhenLessThanATenthOfTheBudgetWouldRemain(string limit, string count, bool warns)
    {
        var transport = Cn(Vm(), Txgs(), LimitAnswer(limit, count));
        using var connection = transport.Connect();

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: false);

        Assert.Equal(warns, plan.Warnings.Count == 1);
    }

    [Fact]
    public void KvmIsRefusedAsVmadmRefusesIt()
    {
        var transport = Cn(Vm(brand: "kvm", delegated: false), Txgs(), LimitAnswer());
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: false));

        Assert.Equal(ErrorIds.SnapshotNotSupported, error.ErrorId);
        Assert.Contains("kvm", error.Message, StringComparison.Ordinal);
        Assert.Equal([.. Probes.Split('|'), VmGetKey], transport.CommandKeys);
    }

    [Fact]
    public void BhyveGoesThroughVmadm()
    {
        // A bhyve VM's quota is its root's refquota (VM.js setQuotaBhyve), so that is what the budget reads.
        var transport = Cn(Vm(brand: "bhyve", delegated: false), Txgs(), LimitAnswer())
            .On(LimitsKey.Replace(",quota ", ",refquota ", StringComparison.Ordinal),
                LimitAnswer().Replace("\tquota\t", "\trefquota\t", StringComparison.Ordinal));
        using var connection = transport.Connect();

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: false);

        Assert.Equal([$"vmadm create-snapshot {Zone} x"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Equal("refquota", plan.LimitsBefore.QuotaProperty);
    }

    [Fact]
    public void ACnWithoutVmadmIsRefused()
    {
        using var connection = Legacy().Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: false));

        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
    }

    [Fact]
    public void ASnapshotMissingAfterTheCommandIsVerificationFailed()
    {
        var transport = Cn(Vm(), Txgs(), LimitAnswer())
            .On($"zfs snapshot {Root}@vmsnap-x", string.Empty)
            .On(ListingKey, $"{Data}@daily\t1700000050\t0\t4096\n");
        using var connection = transport.Connect();
        var plan = ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: false);

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotCreationApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
    }

    /// <summary>Issue 14 item 5: the zone root is vmadm's zfs_filesystem (here on a pool other than sysinfo's), never &lt;Zpool&gt;/&lt;uuid&gt;.</summary>
    [Fact]
    public void AZoneOnAnotherPoolIsSnapshottedWhereVmadmSaysItsRootIs()
    {
        const string other = "fast/" + Zone;
        static string OnOther(string text) => text.Replace(Root, other, StringComparison.Ordinal);
        var transport = Smartos()
            .On(VmGetKey, OnOther(Vm()))
            .On(OnOther(TxgKey), OnOther(Txgs()))
            .On(OnOther(LimitsKey), OnOther(LimitAnswer()))
            .On($"zfs snapshot {other}@vmsnap-x", string.Empty)
            .On(OnOther(ListingKey), $"{other}@vmsnap-x\t1700000100\t0\t200\n");
        using var connection = transport.Connect();

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, Zone, "x", force: false);
        var created = ZoneSnapshotCreationApplier.Apply(connection, plan);

        Assert.Equal([$"zfs snapshot {other}@vmsnap-x"], plan.Plan.Steps.Select(s => ScriptedTransport.Key(s.Command)));
        Assert.Equal(other, created.Covers);
        Assert.Equal([other + "/data"], created.Excludes);
        Assert.DoesNotContain(transport.CommandKeys, key => key.Contains(Root, StringComparison.Ordinal));
    }
}

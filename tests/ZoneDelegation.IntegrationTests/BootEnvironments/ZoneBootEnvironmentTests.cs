using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.IntegrationTests.Testbed;
using static ZoneDelegation.IntegrationTests.BootEnvironments.IllumosCn;

namespace ZoneDelegation.IntegrationTests.BootEnvironments;

/// <summary>
/// Issue 10 on the illumos sandbox CN: a real sshd, every dataset operation on the real zfs-fuse pool,
/// only zoneadm and beadm stood in. Each test builds its own zone with real clones and real files.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class ZoneBootEnvironmentTests(TestbedFixture testbed)
{
    private readonly string suffix = Guid.NewGuid().ToString("N")[..6];

    private static BootEnvironmentPlan Apply(ComputeNodeConnection connection, string zone, Func<ZoneBootEnvironmentState, BootEnvironmentPlan> planner)
    {
        var plan = planner(ZoneBootEnvironmentStateReader.Read(connection, zone));
        BootEnvironmentApplier.Apply(connection, plan);
        return plan;
    }

    /// <summary>zbe (with a child var) of the older global BE, zbe-1 cloned from it, zbe-2 cloned from zbe-1 and active; a file in each.</summary>
    private string ChainOfThree(TestbedCn cn, ComputeNodeConnection connection, out string container)
    {
        var zone = "chain" + suffix;
        container = AddZone(cn, zone);
        Run(cn, "create", "-o", "canmount=noauto", container + "/zbe/var");
        Write(cn, container + "/zbe", "zbe");
        Write(cn, container + "/zbe/var", "zbe var");
        Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-1", "zbe", activate: false));
        Write(cn, container + "/zbe-1", "zbe-1");
        Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-2", "zbe-1", activate: false));
        Write(cn, container + "/zbe-2", "zbe-2");
        Run(cn, "set", "org.opensolaris.libbe:active=off", container + "/zbe");
        Run(cn, "set", "org.opensolaris.libbe:parentbe=" + OldUuid, container + "/zbe");
        Run(cn, "set", "org.opensolaris.libbe:active=on", container + "/zbe-2");
        return zone;
    }

    private static IReadOnlyList<string> Destroyed(BootEnvironmentPlan plan) =>
        plan.Plan.Steps.Where(s => s.Command.Arguments[0] == "destroy").Select(s => s.Command.Arguments[^1]).ToList();

    [TestbedFact]
    public void Removing_a_BE_with_dependent_clones_keeps_every_other_BE_and_its_file_and_repoints_origins()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = ChainOfThree(cn, connection, out var container);
        Assert.Equal(container + "/zbe@zbe-1", Origin(cn, container + "/zbe-1"));
        var before = Names(cn);

        var plan = Apply(connection, zone, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe", force: false));

        Assert.Equal(
        [
            $"zfs promote {container}/zbe-1",
            $"zfs promote {container}/zbe-1/var",
            $"zfs destroy {container}/zbe/var",
            $"zfs destroy {container}/zbe",
            $"zfs destroy {container}/zbe-1@zbe-1",
            $"zfs destroy {container}/zbe-1/var@zbe-1",
        ], plan.Plan.Steps.Select(s => string.Join(' ', [s.Command.Program, .. s.Command.Arguments])));
        var after = Names(cn);
        // Nothing went that the plan did not name (the promoted snapshots were renamed with their dataset, then destroyed by name).
        var moved = new[] { container + "/zbe@zbe-1", container + "/zbe/var@zbe-1", container + "/zbe-1@zbe-1", container + "/zbe-1/var@zbe-1" };
        Assert.Equal(before.Except(after).Order(StringComparer.Ordinal),
            before.Where(n => Destroyed(plan).Contains(n) || moved.Contains(n)).Order(StringComparer.Ordinal));
        Assert.Empty(after.Except(before));
        Assert.Equal("zbe-1", Read(cn, container + "/zbe-1"));
        Assert.Equal("zbe var", Read(cn, container + "/zbe-1/var"));
        Assert.Equal("zbe-2", Read(cn, container + "/zbe-2"));
        Assert.Equal("-", Origin(cn, container + "/zbe-1"));
        Assert.Equal("-", Origin(cn, container + "/zbe-1/var"));
        Assert.Equal(container + "/zbe-1@zbe-2", Origin(cn, container + "/zbe-2"));
        Assert.True(ZoneBootEnvironmentLister.Test(ZoneBootEnvironmentStateReader.Read(connection, zone)).Bootable);
    }

    [TestbedFact]
    public void Removing_the_middle_BE_promotes_the_younger_one_over_it()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = ChainOfThree(cn, connection, out var container);

        var plan = Apply(connection, zone, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe-1", force: false));

        Assert.Equal($"zfs promote {container}/zbe-2", string.Join(' ', [plan.Plan.Steps[0].Command.Program, .. plan.Plan.Steps[0].Command.Arguments]));
        Assert.DoesNotContain(container + "/zbe-1", Names(cn));
        Assert.Equal(container + "/zbe@zbe-1", Origin(cn, container + "/zbe-2"));
        Assert.Equal("zbe", Read(cn, container + "/zbe"));
        Assert.Equal("zbe-2", Read(cn, container + "/zbe-2"));
        Assert.Equal("zbe var", Read(cn, container + "/zbe/var"));
    }

    [TestbedFact]
    public void Each_refusal_leaves_the_pool_listing_byte_identical()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = ChainOfThree(cn, connection, out var container);
        Run(cn, "snapshot", container + "/zbe-1@daily");
        Run(cn, "snapshot", container + "/zbe@keep");
        Run(cn, "hold", "keep", container + "/zbe@keep");

        void Refused(string errorId, Func<ZoneBootEnvironmentState, BootEnvironmentPlan> planner)
        {
            var listing = Listing(cn);
            var error = Assert.Throws<ZoneDelegationException>(() => Apply(connection, zone, planner));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(listing, Listing(cn));
        }

        Refused(ErrorIds.BootEnvironmentActive, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe-2", force: true));
        Refused(ErrorIds.SnapshotHeld, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe", force: false));
        Run(cn, "release", "keep", container + "/zbe@keep");
        Run(cn, "destroy", container + "/zbe@keep");

        Run(cn, "set", "org.opensolaris.libbe:active=on", container + "/zbe");
        Refused(ErrorIds.BootEnvironmentNeededByGlobal, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe", force: false));
        Run(cn, "set", "org.opensolaris.libbe:active=off", container + "/zbe");

        Run(cn, "snapshot", container + "/zbe-1@copy");
        Run(cn, "clone", container + "/zbe-1@copy", cn.Pool + "/copy-" + suffix);
        Refused(ErrorIds.CloneOutsideZone, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe-1", force: false));

        Refused(ErrorIds.InvalidBootEnvironmentName, s => BootEnvironmentCreationPlanner.Plan(s, new string('x', 65), null, false));
        Refused(ErrorIds.BootEnvironmentExists, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-1", null, false));
    }

    [TestbedFact]
    public void A_snapshot_name_collision_is_refused_for_remove_and_activate_leaving_the_listing_byte_identical()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = "coll" + suffix;
        var container = AddZone(cn, zone);
        // zbe@daily is older than zbe@zbe-1: promoting zbe-1 would move it onto zbe-1, which has its own @daily.
        Run(cn, "snapshot", "-r", container + "/zbe@daily");
        Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-1", "zbe", activate: false));
        Run(cn, "snapshot", container + "/zbe-1@daily");

        var listing = Listing(cn);
        var error = Assert.Throws<ZoneDelegationException>(() => Apply(connection, zone, s => BootEnvironmentActivationPlanner.Plan(s, "zbe-1")));
        Assert.Equal(ErrorIds.SnapshotNameCollision, error.ErrorId);
        Assert.Contains(container + "/zbe@daily", error.Message, StringComparison.Ordinal);
        Assert.Contains(container + "/zbe-1@daily", error.Message, StringComparison.Ordinal);
        Assert.Equal(listing, Listing(cn));

        Run(cn, "set", "org.opensolaris.libbe:active=off", container + "/zbe");
        Run(cn, "set", "org.opensolaris.libbe:active=on", container + "/zbe-1");
        listing = Listing(cn);
        Assert.Equal(ErrorIds.SnapshotNameCollision,
            Assert.Throws<ZoneDelegationException>(() => Apply(connection, zone, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe", false))).ErrorId);
        Assert.Equal(listing, Listing(cn));
    }

    [TestbedFact]
    public void Repair_of_zero_and_of_two_active_BEs_makes_the_zone_bootable()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = "rep" + suffix;
        var container = AddZone(cn, zone);
        Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-old", "zbe", activate: false));
        Run(cn, "set", "org.opensolaris.libbe:parentbe=" + OldUuid, container + "/zbe-old");
        Run(cn, "set", "org.opensolaris.libbe:active=off", container + "/zbe");

        ZoneBootStatus Test() => ZoneBootEnvironmentLister.Test(ZoneBootEnvironmentStateReader.Read(connection, zone));
        Assert.Equal(ZoneBootState.NoActiveBootEnvironment, Test().BootState);
        Apply(connection, zone, s => BootEnvironmentRepairPlanner.Plan(s, null, force: false));
        Assert.Equal(ZoneBootState.Bootable, Test().BootState);
        Assert.Equal(["zbe"], Test().ActiveBootEnvironments);

        Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-1", null, activate: false));
        Run(cn, "set", "org.opensolaris.libbe:active=on", container + "/zbe-1");
        Assert.Equal(ZoneBootState.MultipleActiveBootEnvironments, Test().BootState);
        var listing = Listing(cn);
        Assert.Equal(ErrorIds.NoObviousBootEnvironment,
            Assert.Throws<ZoneDelegationException>(() => Apply(connection, zone, s => BootEnvironmentRepairPlanner.Plan(s, null, false))).ErrorId);
        Assert.Equal(listing, Listing(cn));
        Apply(connection, zone, s => BootEnvironmentRepairPlanner.Plan(s, "zbe-1", force: false));
        Assert.Equal(["zbe-1"], Test().ActiveBootEnvironments);
        Assert.Equal("-", Origin(cn, container + "/zbe-1"));
    }

    [TestbedFact]
    public void Protect_then_Unprotect_restores_every_property()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = "prot" + suffix;
        var container = AddZone(cn, zone);
        Run(cn, "create", "-o", "canmount=noauto", container + "/zbe/opt");
        Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-old", "zbe", activate: false));
        Run(cn, "set", "org.opensolaris.libbe:parentbe=" + OldUuid, container + "/zbe-old");
        string Properties() => string.Join('\n', Run(cn, "get", "-H", "-o", "name,property,value,source", "all", "-r", container)
            .Split('\n').Where(line => !System.Text.RegularExpressions.Regex.IsMatch(line, "\t(used|usedby\\w+|available|referenced|compressratio)\t")));
        var before = Properties();

        Apply(connection, zone, s => BootEnvironmentProtectionPlanner.Protect(s, null));
        var state = ZoneBootEnvironmentStateReader.Read(connection, zone);
        var bes = ZoneBootEnvironmentLister.BootEnvironments(state, null).ToDictionary(be => be.Name);
        Assert.True(bes["zbe-old"].Protected);
        Assert.False(bes["zbe"].Protected);
        foreach (var dataset in new[] { container + "/zbe-old", container + "/zbe-old/opt" })
        {
            Assert.Equal("off\toff\tlegacy\n", Run(cn, "get", "-H", "-o", "value", "canmount,zoned,mountpoint", dataset).Replace('\n', '\t').TrimEnd('\t') + "\n");
        }

        Assert.NotEqual(before, Properties());
        Apply(connection, zone, s => BootEnvironmentProtectionPlanner.Unprotect(s, null));
        Assert.Equal(before, Properties());
    }

    [TestbedFact]
    public void Protect_racing_a_zone_that_slips_in_a_mountable_dataset_fails_and_puts_the_BE_back_as_it_was()
    {
        var cn = testbed.Illumos;
        using var ssh = TestbedFixture.Connect(cn);
        var zone = "race" + suffix;
        var container = AddZone(cn, zone);
        Apply(ssh, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-old", "zbe", activate: false));
        Run(cn, "set", "org.opensolaris.libbe:parentbe=" + OldUuid, container + "/zbe-old");
        var old = container + "/zbe-old";
        var escape = old + "/escape";
        var mountpoint = Path.Combine(cn.Directory, "escape-" + suffix);
        string[] original = ["get", "-H", "-o", "property,value,source", "mountpoint,canmount,zoned", old];
        var before = Run(cn, original);
        var plan = BootEnvironmentProtectionPlanner.Protect(ZoneBootEnvironmentStateReader.Read(ssh, zone), null);
        // The zone admin, between our read and our zfs set zoned=off: a dataset below the BE with a mountpoint of
        // its choosing. (The global zone may set a mountpoint only while a dataset is unzoned, so the test unzones
        // it for that moment; the zone sets it on its zoned dataset directly.)
        var racing = new ComputeNodeConnection(cn.Name, ConnectionKind.Ssh, new CommandHookTransport(ssh.Transport,
            command => command.Arguments.SequenceEqual(["set", "zoned=off", old]),
            before: _ =>
            {
                Run(cn, "create", "-o", "canmount=noauto", escape);
                Run(cn, "set", "zoned=off", escape);
                Run(cn, "set", "mountpoint=" + mountpoint, escape);
                Run(cn, "inherit", "zoned", escape);
            }));

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentApplier.Apply(racing, plan));

        Assert.Equal(ErrorIds.ZoneDatasetEscapedProtection, error.ErrorId);
        Assert.Equal(escape, error.Target);
        Assert.Contains($"mountpoint {mountpoint}, canmount noauto, zoned off", error.Message, StringComparison.Ordinal);
        // Put back as it was before Protect (zoned again, so the zone's dataset is too), and no saved values a later Protect would keep.
        Assert.Equal(before, Run(cn, original));
        Assert.Equal("on", Run(cn, "get", "-H", "-o", "value", "zoned", escape).Trim());
        foreach (var property in BootEnvironmentProperties.ProtectedNative)
        {
            Assert.Equal("-\t-", Run(cn, "get", "-H", "-o", "value,source", BootEnvironmentProperties.Saved(property), old).Trim());
        }
    }

    [TestbedFact]
    public void The_CN_lists_its_zone_BEs_over_ssh_and_a_SmartOS_CN_refuses()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var z1 = ZoneBootEnvironmentLister.States(connection, ["z1"]).Single();
        var bes = ZoneBootEnvironmentLister.BootEnvironments(z1, null).ToDictionary(be => be.Name);
        Assert.Equal("omnios-r151048", bes["zbe"].ParentGlobalBe);
        Assert.True(bes["zbe"].ActiveOnBoot);
        Assert.Equal("omnios-r151046", bes["zbe-old"].ParentGlobalBe);
        Assert.True(bes["zbe-old"].Active);
        Assert.False(bes["zbe-old"].ActiveOnBoot);
        Assert.True(ZoneBootEnvironmentLister.Test(z1).Bootable);

        using var smartos = TestbedFixture.Connect(testbed.Smartos);
        Assert.Equal(ErrorIds.ZoneHasNoBootEnvironments,
            Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentLister.States(smartos, []).ToList()).ErrorId);
    }
}

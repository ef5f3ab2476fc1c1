using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.IntegrationTests.Testbed;
using static ZoneDelegation.IntegrationTests.BootEnvironments.IllumosCn;

namespace ZoneDelegation.IntegrationTests.BootEnvironments;

/// <summary>
/// Issue 14 items 7 and 8 on the illumos sandbox CN over a real sshd: a global BE without
/// org.opensolaris.libbe:uuid (the beadm stand-in prints "(null)" as illumos beadm does), and a zone whose
/// BEs are in Solaris 11's &lt;zonepath dataset&gt;/rpool/ROOT, through every BE service on the real zfs-fuse pool.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class IllumosFidelityTests(TestbedFixture testbed)
{
    private readonly string suffix = Guid.NewGuid().ToString("N")[..6];

    private static ZoneBootEnvironmentState Apply(ComputeNodeConnection connection, string zone, Func<ZoneBootEnvironmentState, BootEnvironmentPlan> planner) =>
        BootEnvironmentApplier.Apply(connection, planner(ZoneBootEnvironmentStateReader.Read(connection, zone)));

    [TestbedFact]
    public void A_global_BE_without_uuid_leaves_every_zone_listed_testable_and_changeable()
    {
        var cn = testbed.Illumos;
        var installer = $"{cn.Pool}/ROOT/installer-{suffix}";
        Run(cn, "create", "-o", "canmount=noauto", "-o", "mountpoint=legacy", installer);
        try
        {
            Assert.Contains($"installer-{suffix};(null);;", TestbedFixture.RunOnCn(cn, "beadm", "list", "-H"), StringComparison.Ordinal);
            using var connection = TestbedFixture.Connect(cn);
            var zone = "nouuid" + suffix;
            AddZone(cn, zone);

            var states = ZoneBootEnvironmentLister.States(connection, []).ToDictionary(s => s.Zone.Name);
            Assert.Contains("z1", states.Keys);
            Assert.True(ZoneBootEnvironmentLister.Test(states[zone]).Bootable);
            Assert.Null(states[zone].Globals.All.Single(be => be.Name == "installer-" + suffix).Uuid);
            Assert.Equal("omnios-r151048", ZoneBootEnvironmentLister.BootEnvironments(states[zone], "zbe").Single().ParentGlobalBe);

            var after = Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-1", null, activate: true));
            Assert.Equal(["zbe-1"], ZoneBootEnvironmentLister.Test(after).ActiveBootEnvironments);
        }
        finally
        {
            Run(cn, "destroy", installer);
        }
    }

    [TestbedFact]
    public void A_Solaris_11_zone_with_its_BEs_in_rpool_ROOT_is_listed_created_enabled_protected_repaired_and_removed()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = "sol" + suffix;
        var container = AddSolarisZone(cn, zone);
        Write(cn, container + "/zbe", "zbe");

        var listed = ZoneBootEnvironmentLister.States(connection, []).Single(s => s.Zone.Name == zone);
        Assert.Equal(container, listed.Container.Value);
        Assert.Equal(container + "/zbe", ZoneBootEnvironmentLister.BootEnvironments(listed, null).Single().Dataset);
        Assert.True(ZoneBootEnvironmentLister.Test(listed).Bootable);

        Apply(connection, zone, s => BootEnvironmentCreationPlanner.Plan(s, "zbe-1", null, activate: false));
        Assert.Equal(container + "/zbe@zbe-1", Origin(cn, container + "/zbe-1"));
        var enabled = Apply(connection, zone, s => BootEnvironmentActivationPlanner.Plan(s, "zbe-1"));
        Assert.Equal(["zbe-1"], ZoneBootEnvironmentLister.Test(enabled).ActiveBootEnvironments);
        Assert.Equal("-", Origin(cn, container + "/zbe-1"));
        Assert.Equal("zbe", Read(cn, container + "/zbe-1"));

        // zbe now belongs to the older global BE: protect it from the zone, then give it back.
        Run(cn, "set", "org.opensolaris.libbe:parentbe=" + OldUuid, container + "/zbe");
        var protectedState = Apply(connection, zone, s => BootEnvironmentProtectionPlanner.Protect(s, null));
        Assert.True(ZoneBootEnvironmentLister.BootEnvironments(protectedState, "zbe").Single().Protected);
        Assert.Equal("off", Run(cn, "get", "-H", "-o", "value", "zoned", container + "/zbe").Trim());
        Apply(connection, zone, s => BootEnvironmentProtectionPlanner.Unprotect(s, null));
        Assert.Equal("on", Run(cn, "get", "-H", "-o", "value", "zoned", container + "/zbe").Trim());

        Run(cn, "set", "org.opensolaris.libbe:active=off", container + "/zbe-1");
        var repaired = Apply(connection, zone, s => BootEnvironmentRepairPlanner.Plan(s, null, force: false));
        Assert.Equal(["zbe-1"], ZoneBootEnvironmentLister.Test(repaired).ActiveBootEnvironments);

        Run(cn, "set", "org.opensolaris.libbe:active=off", container + "/zbe");
        var removed = Apply(connection, zone, s => BootEnvironmentRemovalPlanner.Plan(s, "zbe", force: false));
        Assert.Equal(["zbe-1"], ZoneBootEnvironmentLister.BootEnvironments(removed, null).Select(be => be.Name));
        Assert.DoesNotContain(container + "/zbe", Names(cn));
        Assert.Equal("zbe", Read(cn, container + "/zbe-1"));
    }
}

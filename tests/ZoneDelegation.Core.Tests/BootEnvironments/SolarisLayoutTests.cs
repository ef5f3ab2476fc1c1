using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Tests.Fakes;
using static ZoneDelegation.Core.Tests.BootEnvironments.FakeIllumosNode;

namespace ZoneDelegation.Core.Tests.BootEnvironments;

/// <summary>
/// Issue 14 item 8: Solaris 11 zones keep their BEs at <c>&lt;zonepath dataset&gt;/rpool/ROOT/&lt;zbe&gt;</c> with the
/// same libbe properties (Oracle "Creating and Administering Oracle Solaris 11 Boot Environments", Zones Naming
/// Conventions); each zone's container is found from what exists, and every planner works one level down.
/// </summary>
public sealed class SolarisLayoutTests
{
    private const string RpoolRoot = "rpool/ROOT";

    private static FakeIllumosNode Solaris() => new FakeIllumosNode(RpoolRoot)
        .Fs("zbe", parentBe: CurrentUuid, active: "off")
        .Snap("zbe@zbe-1")
        .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "on")
        .Fs("old", parentBe: OldUuid, active: "on");

    private static IReadOnlyList<string> Lines(BootEnvironmentPlan plan) =>
        plan.Plan.Steps.Select(step => ScriptedTransport.Key(step.Command)).ToList();

    [Fact]
    public void Listing_every_zone_finds_a_zone_whose_BEs_are_in_rpool_ROOT()
    {
        var node = Solaris();
        var state = Assert.Single(ZoneBootEnvironmentLister.States(node.Transport().Connect(), []));

        Assert.Equal(ZonePathDataset + "/rpool/ROOT", state.Container.Value);
        var bes = ZoneBootEnvironmentLister.BootEnvironments(state, null).ToDictionary(be => be.Name);
        Assert.Equal(["zbe", "zbe-1", "old"], bes.Keys);
        Assert.Equal(node.In("zbe-1"), bes["zbe-1"].Dataset);
        Assert.Equal(node.In("zbe@zbe-1"), bes["zbe-1"].Origin);
        Assert.True(bes["zbe-1"].ActiveOnBoot);
        Assert.Equal("omnios-0", bes["old"].ParentGlobalBe);
        Assert.True(ZoneBootEnvironmentLister.Test(state).Bootable);
    }

    [Fact]
    public void Every_planner_writes_its_commands_below_rpool_ROOT()
    {
        var node = Solaris();
        var state = ZoneBootEnvironmentStateReader.Read(node.Transport().Connect(), "z1");

        Assert.Equal(
        [
            $"zfs snapshot -r {node.In("zbe-1@zbe-2")}",
            $"zfs clone -o canmount=noauto -o org.opensolaris.libbe:parentbe={CurrentUuid} -o org.opensolaris.libbe:active=off {node.In("zbe-1@zbe-2")} {node.In("zbe-2")}",
        ], Lines(BootEnvironmentCreationPlanner.Plan(state, "zbe-2", null, activate: false)));
        Assert.Equal(
        [
            $"zfs set org.opensolaris.libbe:active=on {node.In("zbe")}",
            $"zfs set org.opensolaris.libbe:active=off {node.In("zbe-1")}",
        ], Lines(BootEnvironmentActivationPlanner.Plan(state, "zbe")));
        Assert.Equal(
        [
            $"zfs promote {node.In("zbe-1")}",
            $"zfs destroy {node.In("zbe")}",
            $"zfs destroy {node.In("zbe-1@zbe-1")}",
        ], Lines(BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: false)));
        Assert.All(Lines(BootEnvironmentProtectionPlanner.Protect(state, null)), line => Assert.EndsWith(" " + node.In("old"), line, StringComparison.Ordinal));
        Assert.Contains(node.ContainerName, BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: false).Plan.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zone_with_both_containers_is_refused_by_name_naming_both_and_nothing_is_read_from_either()
    {
        var node = new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on");
        node.Arrange = zfs =>
        {
            if (!zfs.Entries.Any(e => e.Name == ZonePathDataset + "/rpool"))
            {
                zfs.Add(ZonePathDataset + "/rpool", false, ("zoned", "on", "local"), ("mountpoint", "legacy", "local"));
                zfs.Add(ZonePathDataset + "/rpool/ROOT", false, ("zoned", "on", "inherited from " + ZonePathDataset + "/rpool"), ("mountpoint", "legacy", "inherited from " + ZonePathDataset + "/rpool"));
            }
        };
        var transport = node.Transport();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentLister.States(transport.Connect(), []).ToList());
        Assert.Equal(ErrorIds.AmbiguousBootEnvironmentContainer, error.ErrorId);
        Assert.Contains(ZonePathDataset + "/ROOT", error.Message, StringComparison.Ordinal);
        Assert.Contains(ZonePathDataset + "/rpool/ROOT", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs get -H -p -o name,property,value,source -r type,", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zone_with_neither_container_names_both_layouts_and_Solaris_in_its_hint()
    {
        var transport = new FakeIllumosNode(containerBelowZonePath: null).Transport();

        Assert.Empty(ZoneBootEnvironmentLister.States(transport.Connect(), []));
        var error = Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentStateReader.Read(transport.Connect(), "z1"));
        Assert.Equal(ErrorIds.ZoneHasNoBootEnvironments, error.ErrorId);
        Assert.Contains("rpool/ROOT", error.Message, StringComparison.Ordinal);
        Assert.Contains("Solaris 11", error.Hint, StringComparison.Ordinal);
    }
}

using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Tests.Samples;
using static ZoneDelegation.Core.Tests.BootEnvironments.FakeIllumosNode;

namespace ZoneDelegation.Core.Tests.BootEnvironments;

public sealed class BootEnvironmentReadTests
{
    [Fact]
    public void Get_describes_each_BE_with_its_global_BE_activity_origin_and_clones()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "on")
            .Snap("zbe@zbe-1")
            .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "on")
            .Fs("lost", parentBe: GoneUuid, active: "off");
        var state = ZoneBootEnvironmentLister.States(node.Transport().Connect(), []).Single();
        var bes = ZoneBootEnvironmentLister.BootEnvironments(state, null).ToDictionary(be => be.Name);

        Assert.Equal(["zbe", "zbe-1", "lost"], bes.Keys);
        Assert.Equal("omnios-0", bes["zbe"].ParentGlobalBe);
        Assert.True(bes["zbe"].Active);
        Assert.False(bes["zbe"].ActiveOnBoot);
        Assert.Equal([Ds("zbe-1")], bes["zbe"].Clones);
        Assert.True(bes["zbe-1"].ActiveOnBoot);
        Assert.True(bes["zbe-1"].BelongsToCurrentGlobalBe);
        Assert.Equal(Ds("zbe@zbe-1"), bes["zbe-1"].Origin);
        Assert.True(bes["lost"].Orphaned);
        Assert.Equal(1024UL, bes["zbe"].Used);
        Assert.Equal("omni1", bes["zbe"].ComputeNode);
        Assert.Equal(["zbe-1"], ZoneBootEnvironmentLister.BootEnvironments(state, "zbe-?").Select(be => be.Name));
    }

    [Theory]
    [InlineData("on", "on", nameof(ZoneBootState.MultipleActiveBootEnvironments))]
    [InlineData("off", "off", nameof(ZoneBootState.NoActiveBootEnvironment))]
    [InlineData("on", "off", nameof(ZoneBootState.Bootable))]
    [InlineData("ON", "off", nameof(ZoneBootState.NoActiveBootEnvironment))]
    [InlineData("yes", "off", nameof(ZoneBootState.NoActiveBootEnvironment))]
    public void Test_applies_the_boot_rule_only_exact_on_counts(string first, string second, string expectedName)
    {
        var expected = Enum.Parse<ZoneBootState>(expectedName);
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: CurrentUuid, active: first)
            .Fs("zbe-1", parentBe: CurrentUuid, active: second)
            .Fs("old", parentBe: OldUuid, active: "on")
            .Fs("lost", parentBe: GoneUuid, active: "on");
        var status = ZoneBootEnvironmentLister.Test(ZoneBootEnvironmentStateReader.Read(node.Transport().Connect(), "z1"));

        Assert.Equal(expected, status.BootState);
        Assert.Equal(expected == ZoneBootState.Bootable, status.Bootable);
        Assert.Equal(["lost"], status.OrphanedBootEnvironments);
        Assert.Equal("omnios-1", status.GlobalBootEnvironment);
        if (expected == ZoneBootState.MultipleActiveBootEnvironments)
        {
            Assert.Equal(["zbe", "zbe-1"], status.ActiveBootEnvironments);
            Assert.Contains("zbe, zbe-1", status.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_SmartOS_node_has_no_zone_BEs_a_clear_error_not_an_empty_list()
    {
        var transport = FakeComputeNodes.Smartos();
        var error = Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentLister.States(transport.Connect(), []).ToList());
        Assert.Equal(ErrorIds.ZoneHasNoBootEnvironments, error.ErrorId);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs get", StringComparison.Ordinal));
        Assert.Equal(ErrorIds.ZoneHasNoBootEnvironments,
            Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentStateReader.Read(transport.Connect(), "z1")).ErrorId);
    }

    [Fact]
    public void A_zone_without_a_BE_container_is_skipped_in_a_listing_and_an_error_when_named()
    {
        var node = new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on");
        var connection = node.Transport().Connect();
        Assert.Equal(["z1"], ZoneBootEnvironmentLister.States(connection, []).Select(s => s.Zone.Name));
        Assert.Equal(ErrorIds.ZoneHasNoBootEnvironments,
            Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentLister.States(connection, ["web"]).ToList()).ErrorId);
        Assert.Equal(ErrorIds.ZoneNotFound,
            Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentLister.States(connection, ["nope"]).ToList()).ErrorId);
        Assert.Equal(ErrorIds.InvalidZoneName,
            Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentLister.States(connection, ["a b"]).ToList()).ErrorId);
    }

    [Fact]
    public void A_listing_reads_the_mountpoints_and_the_pool_clones_once_for_all_zones()
    {
        var node = new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on");
        node.Arrange = zfs =>
        {
            if (!zfs.Entries.Any(e => e.Name == "rpool/zones/z3"))
            {
                zfs.Add("rpool/zones/z3", false, ("mountpoint", "/zones/z3", "inherited from rpool/zones"));
            }
        };
        var transport = node.Transport()
            .On("zoneadm list -cp",
                "0:global:running:/::ipkg:shared:0\n-:z1:installed:/zones/z1:u1:lipkg:excl:0\n-:z3:installed:/zones/z3:u3:lipkg:excl:0\n");

        Assert.Equal(["z1"], ZoneBootEnvironmentLister.States(transport.Connect(), []).Select(s => s.Zone.Name));
        Assert.Single(transport.CommandKeys, key => key == ScriptedTransport.Key(ZoneDatasetIndex.MountpointCommand));
        Assert.DoesNotContain(transport.CommandKeys, key => key == ScriptedTransport.Key(ZoneDatasetIndex.FilesystemsCommand));
        Assert.Single(transport.CommandKeys, key => key == ScriptedTransport.Key(ZoneDatasetIndex.OriginsCommand(Pool)));
        // z3 has no BE container in that same listing (neither ROOT nor rpool/ROOT), so its tree is never read.
        Assert.Single(transport.CommandKeys, key => key.StartsWith("zfs get -H -p -o name,property,value,source -r type,", StringComparison.Ordinal));
        Assert.Single(transport.CommandKeys, key => key.StartsWith("zfs get -H -p -o name,property,value,source mountpoint,", StringComparison.Ordinal));
    }

    [Fact]
    public void Beadm_list_without_a_booted_BE_is_CurrentGlobalBootEnvironmentUnknown()
    {
        var transport = new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on").Transport()
            .On("beadm list -H", $"omnios-1;{CurrentUuid};R;-;1;static;1\n");
        Assert.Equal(ErrorIds.CurrentGlobalBootEnvironmentUnknown,
            Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentStateReader.Read(transport.Connect(), "z1")).ErrorId);
    }

    [RealSampleTheory]
    [InlineData("zoneadm-list-cp-01-smartos-live-vmload-zoneadm-test.txt", new[] { "c0f63bf1-aa36-4c78-8c3c-a9cfe3b0001e" })]
    [InlineData("zoneadm-list-pc-02-smartos-live-imgadm-comment.txt", new[] { "dc5cbce7-798a-4bc8-bdc5-61b4be00a22e", "7970c690-1738-4e58-a04f-8ce4ea8ebfca" })]
    public void Zoneadm_list_parses_the_real_samples_and_skips_the_global_zone(string file, string[] zones)
    {
        using var reader = RealSamples.Open(file);
        var parsed = ZoneadmListParser.Parse(reader).ToList();
        Assert.Equal(zones, parsed.Select(z => z.Name));
        Assert.All(parsed, zone => Assert.Equal("/zones/" + zone.Name, zone.ZonePath));
        Assert.Contains(parsed, zone => zone.State == "running" && zone.IsInUse);
    }

    [Fact]
    public void Zoneadm_list_unescapes_colons_and_refuses_short_lines()
    {
        var zone = ZoneadmListParser.Parse(new StringReader("-:z1:installed:/zones/a\\:b:u:ipkg:shared\n")).Single();
        Assert.Equal("/zones/a:b", zone.ZonePath);
        Assert.Throws<Core.Zfs.Parsing.ParseException>(() => ZoneadmListParser.Parse(new StringReader("1:z1:running\n")).ToList());
    }
}

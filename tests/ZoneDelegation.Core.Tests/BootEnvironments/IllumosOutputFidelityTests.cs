using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Errors;
using static ZoneDelegation.Core.Tests.BootEnvironments.FakeIllumosNode;

namespace ZoneDelegation.Core.Tests.BootEnvironments;

/// <summary>
/// Issue 14 item 7: real beadm and zoneadm output our parsers misread (illumos beadm.c print_be_nodes,
/// libbe be_list.c be_get_node_data, zoneadm.c zone_print, libzonecfg zonecfg_validate_zonename).
/// </summary>
public sealed class IllumosOutputFidelityTests
{
    [Fact]
    public void Beadm_list_takes_a_global_BE_without_uuid_printed_as_null_or_empty_and_it_parents_nothing()
    {
        // be_get_node_data leaves be_uuid_str NULL without the property; beadm prints it with %s, which
        // illumos libc prints as "(null)". An empty property value prints as nothing.
        var parsed = BeadmListParser.Parse(new StringReader(
            "installer-be;(null);;;1024;static;1600000000\n" +
            "hand-made;;;;2048;static;1600000001\n" +
            $"omnios-1;{CurrentUuid};NR;/;654321;static;1700000000\n")).ToList();

        Assert.Equal(["installer-be", "hand-made", "omnios-1"], parsed.Select(be => be.Name));
        Assert.Null(parsed[0].Uuid);
        Assert.Null(parsed[1].Uuid);
        Assert.Equal(CurrentUuid, parsed[2].Uuid);
        Assert.True(parsed[2].IsCurrent);
    }

    [Fact]
    public void A_CN_with_a_global_BE_without_uuid_still_lists_and_tests_its_zones()
    {
        var node = new FakeIllumosNode
        {
            BeadmList = $"installer-be;(null);;;1024;static;1600000000\nomnios-1;{CurrentUuid};NR;/;654321;static;1700000000\n",
        }.Fs("zbe", parentBe: CurrentUuid, active: "on").Fs("lost", parentBe: GoneUuid, active: "on");
        var state = ZoneBootEnvironmentLister.States(node.Transport().Connect(), []).Single();

        Assert.True(ZoneBootEnvironmentLister.Test(state).Bootable);
        var bes = ZoneBootEnvironmentLister.BootEnvironments(state, null).ToDictionary(be => be.Name);
        Assert.Equal("omnios-1", bes["zbe"].ParentGlobalBe);
        Assert.Null(bes["lost"].ParentGlobalBe);
        Assert.True(bes["lost"].Orphaned);
        Assert.Null(state.Globals.ByUuid(null));
        Assert.False(state.Globals.Exists(null));
    }

    [Theory]
    [InlineData("(null)")]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    public void The_booted_global_BE_without_a_uuid_is_CurrentGlobalBootEnvironmentUnknown_naming_it(string uuid)
    {
        var node = new FakeIllumosNode { BeadmList = $"omnios-0;{OldUuid};;;1;static;1\nomnios-1;{uuid};NR;/;1;static;2\n" }
            .Fs("zbe", parentBe: CurrentUuid, active: "on");
        var error = Assert.Throws<ZoneDelegationException>(() => ZoneBootEnvironmentStateReader.Read(node.Transport().Connect(), "z1"));

        Assert.Equal(ErrorIds.CurrentGlobalBootEnvironmentUnknown, error.ErrorId);
        Assert.Contains("'omnios-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains(BootEnvironmentProperties.Uuid, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"-:z1:installed:/zones/back\slash:u:ipkg:shared", @"/zones/back\slash")]
    [InlineData(@"-:z1:installed:/zones/a\:b:u:ipkg:shared", "/zones/a:b")]
    [InlineData(@"-:z1:installed:/zones/a\\:b:u:ipkg:shared", @"/zones/a\:b")]
    public void Zoneadm_list_unescapes_only_an_escaped_colon(string line, string zonePath)
    {
        // zoneadm.c zone_print prints a ':' in the zonepath as "\:" and every other character as it is.
        var zone = ZoneadmListParser.Parse(new StringReader(line + "\n")).Single();
        Assert.Equal(zonePath, zone.ZonePath);
        Assert.Equal("ipkg", zone.Brand);
    }

    [Theory]
    [InlineData("running", true)]
    [InlineData("ready", true)]
    [InlineData("mounted", true)]
    [InlineData("shutting_down", true)]
    [InlineData("down", true)]
    [InlineData("installed", false)]
    [InlineData("configured", false)]
    [InlineData("incomplete", false)]
    [InlineData("unavailable", false)]
    public void A_zone_that_is_down_still_has_its_root_in_use(string state, bool inUse) =>
        Assert.Equal(inUse, new ZoneInfo("z1", state, "/zones/z1", "lipkg", null).IsInUse);

    [Fact]
    public void Repair_refuses_a_zone_that_is_down_like_a_running_one()
    {
        var node = new FakeIllumosNode { ZoneState = "down" }.Fs("zbe", parentBe: CurrentUuid, active: "off");
        var state = ZoneBootEnvironmentStateReader.Read(node.Transport().Connect(), "z1");
        Assert.Equal(ErrorIds.ZoneRunning,
            Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRepairPlanner.Plan(state, null, force: false)).ErrorId);
    }

    [Fact]
    public void A_zone_name_is_at_most_63_characters_ZONENAME_MAX_less_its_NUL()
    {
        Assert.True(ZoneName.IsValid(new string('z', 63)));
        Assert.False(ZoneName.IsValid(new string('z', 64)));
        var error = Assert.Throws<ZoneDelegationException>(() => ZoneName.Parse(new string('z', 64)));
        Assert.Equal(ErrorIds.InvalidZoneName, error.ErrorId);
        Assert.Contains("at most 63", error.Message, StringComparison.Ordinal);
    }
}

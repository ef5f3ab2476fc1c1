using System.Text;
using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs;
using ZoneDelegation.Core.Zfs.Names;
using static ZoneDelegation.Core.Tests.BootEnvironments.FakeIllumosNode;

namespace ZoneDelegation.Core.Tests.BootEnvironments;

/// <summary>
/// Issue 15 item 1: what a zone admin writes (user properties, the mountpoint of a zoned dataset, names
/// below the BE container) is read as a value of the dataset it was written on, never as rows.
/// </summary>
public sealed class TenantDataTests
{
    private const string OtherZoneSnapshot = "rpool/zones/z2/ROOT/zbe@customer-backup";

    private static readonly string[] UserProperties =
    [
        BootEnvironmentProperties.ParentBe, BootEnvironmentProperties.Active, BootEnvironmentProperties.Policy,
        BootEnvironmentProperties.Saved("canmount"), BootEnvironmentProperties.Saved("zoned"), BootEnvironmentProperties.Saved("mountpoint"),
        "mountpoint",
    ];

    /// <summary>
    /// The value zfs prints raw after "name TAB property TAB": "/a TAB local", then whole rows, the last
    /// without its source (zfs appends " TAB local" itself).
    /// </summary>
    private static string Forge(params (string Name, string Property, string Value, string Source)[] rows)
    {
        var text = new StringBuilder("/a\tlocal");
        for (var i = 0; i < rows.Length; i++)
        {
            var (name, property, value, source) = rows[i];
            text.Append('\n').Append(name).Append('\t').Append(property).Append('\t').Append(value);
            if (i < rows.Length - 1)
            {
                text.Append('\t').Append(source);
            }
        }

        return text.ToString();
    }

    /// <summary>Every row the old one-listing reader read for a dataset, in its order: a forged group for <paramref name="name"/>.</summary>
    private static IEnumerable<(string, string, string, string)> Group(string name, bool snapshot, string? origin = null, string active = "off") =>
    [
        (name, "type", snapshot ? "snapshot" : "filesystem", "-"), (name, "origin", origin ?? "-", "-"), (name, "creation", "1700000001", "-"),
        (name, "used", "1", "-"), (name, "referenced", "1", "-"), (name, "userrefs", snapshot ? "0" : "-", "-"),
        (name, "canmount", "noauto", "local"), (name, "zoned", "on", "local"), (name, "mountpoint", "legacy", "local"),
        (name, BootEnvironmentProperties.ParentBe, CurrentUuid, "local"), (name, BootEnvironmentProperties.Active, active, "local"),
        (name, BootEnvironmentProperties.Policy, "static", "local"), (name, BootEnvironmentProperties.Saved("canmount"), "-", "-"),
        (name, BootEnvironmentProperties.Saved("zoned"), "-", "-"), (name, BootEnvironmentProperties.Saved("mountpoint"), "x", "local"),
    ];

    private static FakeIllumosNode WithJunk(string forgedValue)
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: CurrentUuid, active: "on")
            .Fs("junk", null, CurrentUuid, "off", (BootEnvironmentProperties.Saved("mountpoint"), forgedValue, "local"));
        node.Arrange = zfs =>
        {
            if (!zfs.Entries.Any(e => e.Name == "rpool/zones/z2"))
            {
                zfs.Add("rpool/zones/z2", false, ("mountpoint", "/zones/z2", "local"));
                zfs.Add("rpool/zones/z2/ROOT", false, ("zoned", "on", "local"), ("mountpoint", "legacy", "local"));
                zfs.Add("rpool/zones/z2/ROOT/zbe", false, ("zoned", "on", "inherited from rpool/zones/z2/ROOT"));
                zfs.Add(OtherZoneSnapshot, true, ("userrefs", "0", "-"));
            }
        };
        return node;
    }

    private static IEnumerable<string> Lines(BootEnvironmentPlan plan) =>
        plan.Plan.Steps.Select(s => string.Join(' ', [s.Command.Program, .. s.Command.Arguments]));

    [Fact]
    public void A_value_posing_as_another_zones_snapshot_and_a_second_junk_plans_nothing_outside_the_container()
    {
        // The issue's attack: junk listed twice, the second time as a clone of z2's snapshot, which is listed too.
        var forged = Forge([.. Group(OtherZoneSnapshot, true), .. Group(Ds("junk"), false, origin: OtherZoneSnapshot)]);
        var connection = WithJunk(forged).Transport().Connect();

        var state = ZoneBootEnvironmentStateReader.Read(connection, "z1");
        Assert.Equal([$"zfs destroy {Ds("junk")}"], Lines(BootEnvironmentRemovalPlanner.Plan(state, "junk", force: false)));
        Assert.Equal(["zbe", "junk"], ZoneBootEnvironmentLister.BootEnvironments(state, null).Select(be => be.Name));
        Assert.Equal(forged, state.RequireRoot("junk").Local(BootEnvironmentProperties.Saved("mountpoint")));
        Assert.Null(state.RequireRoot("junk").Origin);
        Assert.DoesNotContain(state.Snapshots, s => s.Name == OtherZoneSnapshot);
    }

    [Fact]
    public void A_value_posing_as_rows_of_a_dataset_inside_the_container_changes_nothing_it_is_read_as_a_value()
    {
        // A duplicate of zbe saying it is not active, and a dataset that does not exist.
        var forged = Forge([.. Group(Ds("zbe"), false, active: "off"), .. Group(Ds("ghost"), false, active: "on")]);
        var state = ZoneBootEnvironmentStateReader.Read(WithJunk(forged).Transport().Connect(), "z1");

        Assert.Equal([Ds("zbe"), Ds("junk")], state.Filesystems.Select(fs => fs.Name));
        Assert.True(ZoneBootEnvironmentState.IsActive(state.RequireRoot("zbe")));
        Assert.True(ZoneBootEnvironmentLister.Test(state).Bootable);
    }

    [Fact]
    public void The_tenant_values_of_all_BEs_are_read_in_one_command_when_no_value_holds_a_newline()
    {
        var transport = WithJunk("/plain\tvalue with a TAB").Transport();
        ZoneBootEnvironmentStateReader.Read(transport.Connect(), "z1");

        var tenant = transport.CommandKeys.Where(k => k.Contains(BootEnvironmentProperties.ParentBe, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"zfs get -H -p -o name,property,value,source {string.Join(',', ZoneBootEnvironmentStateReader.TenantProperties)} {Ds("zbe")} {Ds("junk")}"], tenant);
        Assert.DoesNotContain(transport.CommandKeys, k => k.Contains(" -r ", StringComparison.Ordinal) && k.Contains(BootEnvironmentProperties.ParentBe, StringComparison.Ordinal));
    }

    [Fact]
    public void A_zoned_dataset_cannot_claim_a_zonepath_with_a_plain_value_or_with_forged_rows()
    {
        var node = new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on");
        node.Arrange = zfs =>
        {
            if (!zfs.Entries.Any(e => e.Name == "rpool/a"))
            {
                // Sorted before rpool/zones/z1: with first-wins it would be z1's zonepath dataset.
                zfs.Insert(1, "rpool/a", false, ("zoned", "on", "local"), ("mountpoint", "/zones/z1", "local"));
                zfs.Insert(2, "rpool/a/b", false, ("zoned", "on", "inherited from rpool/a"), ("mountpoint", "/x\nrpool/zones/z2\t/zones/z1", "local"));
                zfs.Add("rpool/zones/z2", false, ("mountpoint", "/zones/z2", "local"));
                zfs.Add("rpool/zones/z2/ROOT", false, ("zoned", "on", "local"));
                zfs.Add("rpool/zones/z2/ROOT/zbe", false);
            }
        };

        var state = ZoneBootEnvironmentStateReader.Read(node.Transport().Connect(), "z1");
        Assert.Equal(ZonePathDataset, state.ZonePathDataset.Value);
        Assert.Equal([Ds("zbe")], state.Filesystems.Select(fs => fs.Name));
    }

    [Fact]
    public void A_state_with_a_dataset_outside_the_container_or_twice_is_refused_before_any_plan()
    {
        var state = ZoneBootEnvironmentStateReader.Read(new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on").Transport().Connect(), "z1");
        var outside = new BeFilesystem("rpool/zones/z2/ROOT/zbe", null, null, 0, 0, 9, state.Filesystems[0].Properties);
        var twice = state.Filesystems[0] with { Sequence = 10 };

        foreach (var filesystems in new[] { state.Filesystems.Append(outside).ToList(), state.Filesystems.Append(twice).ToList() })
        {
            var error = Assert.ThrowsAny<ZoneDelegationException>(() => new ZoneBootEnvironmentState(state.ComputeNode, state.Zone,
                state.ZonePathDataset, state.Container, state.Globals, filesystems, state.Snapshots, state.ExternalClones));
            Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        }
    }

    /// <summary>
    /// Generated input: every tenant-writable value the module reads, holding newlines, TABs, CRs, any
    /// NUL-free character, forged rows, look-alike names, up to 1 MiB; beside BEs with look-alike names.
    /// Either the read gives each value back exactly and the tree is the real one (so no plan can name
    /// anything outside the container), or it ends in a ZoneDelegationException (ParseError, OutputTooLarge).
    /// </summary>
    [Fact]
    public void Generated_hostile_values_and_names_are_read_exactly_or_refused_never_forged()
    {
        var random = new Random(15);
        string[] lookAlikeNames = ["zbe ", "zbe:1", "zbe.1", "ROOT", "zbe-1", "z b e", "_", "..a", "junk"];
        var readBack = 0;
        for (var round = 0; round < 80; round++)
        {
            var node = new FakeIllumosNode();
            var names = lookAlikeNames.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).Distinct().ToList();
            var expected = new Dictionary<(string, string), string>();
            foreach (var name in names)
            {
                var values = UserProperties.Where(_ => random.Next(3) == 0).Select(p => (p, Hostile(random, names))).ToList();
                node.Fs(name, null, CurrentUuid, name == names[0] ? "on" : "off", [.. values.Select(v => (v.p, v.Item2, "local"))]);
                foreach (var (property, value) in values)
                {
                    expected[(Ds(name), property)] = value;
                }
            }

            node.Arrange = zfs =>
            {
                if (!zfs.Entries.Any(e => e.Name == "rpool/tenant"))
                {
                    zfs.Add("rpool/tenant", false, ("zoned", "on", "local"), ("mountpoint", Hostile(random, names), "local"));
                    zfs.Add("rpool/zones/z2", false, ("mountpoint", "/zones/z2", "local"));
                    zfs.Add(OtherZoneSnapshot.Split('@')[0], false);
                    zfs.Add(OtherZoneSnapshot, true);
                }
            };

            ZoneBootEnvironmentState state;
            try
            {
                state = ZoneBootEnvironmentStateReader.Read(node.Transport().Connect(), "z1");
            }
            catch (ZoneDelegationException error)
            {
                Assert.True(error.ErrorId is ErrorIds.ParseError or ErrorIds.OutputTooLarge, error.ErrorId + ": " + error.Message);
                continue;
            }

            readBack++;
            Assert.Equal(names.Select(Ds), state.Filesystems.Select(fs => fs.Name));
            Assert.Empty(state.Snapshots);
            foreach (var ((dataset, property), value) in expected)
            {
                Assert.Equal(value, state.Filesystems.Single(fs => fs.Name == dataset).Row(property)!.Value);
            }

            foreach (var name in names.Skip(1))
            {
                BootEnvironmentPlan plan;
                try
                {
                    plan = BootEnvironmentRemovalPlanner.Plan(state, name, force: true);
                }
                catch (ZoneDelegationException)
                {
                    continue; // a refusal changes nothing
                }

                Assert.All(plan.Plan.Steps, step => Assert.StartsWith(Container + "/", step.Command.Arguments[^1], StringComparison.Ordinal));
            }
        }

        // Every value is readable exactly (read alone where it does not frame), so refusals are the exception.
        Assert.True(readBack >= 70, $"only {readBack} of 80 trees were read");
    }

    private static string Hostile(Random random, IReadOnlyList<string> names)
    {
        switch (random.Next(6))
        {
            case 0:
                return Forge([.. Group(Ds(names[random.Next(names.Count)]), false, origin: OtherZoneSnapshot, active: "on"), .. Group(OtherZoneSnapshot, true)]);
            case 1:
                return "/zones/z1\n" + ZonePathDataset + "\t/zones/z1\nrpool/zones/z2\t/zones/z1";
            case 2:
                return new string('\n', random.Next(1, 4)) + "\t\t" + new string('\t', random.Next(3));
            case 3:
                return new string('v', random.Next(1, 9000)) + "\n" + new string('w', random.Next(1, 9000));
            case 4:
                return "on\r\n" + CurrentUuid + "\r";
            default:
                var chars = new char[random.Next(1, 300)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)random.Next(1, 0x800);
                }

                return new string(chars);
        }
    }

    /// <summary>zfs caps a user property at 8 KiB (ZAP_MAXVALUELEN), a stand-in or another platform may not: 1 MiB either side of the line limit.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_1_MiB_value_is_read_exactly_or_refused(int extra)
    {
        var value = new string('v', (1 << 20) - 40 + extra * 80) + (extra == 1 ? "\n" + Ds("zbe") + "\tx" : string.Empty);
        var node = new FakeIllumosNode()
            .Fs("zbe", null, CurrentUuid, "on", (BootEnvironmentProperties.Policy, value, "local"))
            .Fs("junk", null, CurrentUuid, "off", (BootEnvironmentProperties.Saved("zoned"), value, "local"));
        try
        {
            var state = ZoneBootEnvironmentStateReader.Read(node.Transport().Connect(), "z1");
            Assert.Equal(value, state.RequireRoot("zbe").Local(BootEnvironmentProperties.Policy));
            Assert.Equal(value, state.RequireRoot("junk").Local(BootEnvironmentProperties.Saved("zoned")));
            Assert.Equal([Ds("zbe"), Ds("junk")], state.Filesystems.Select(fs => fs.Name));
        }
        catch (ZoneDelegationException error)
        {
            Assert.True(error.ErrorId is ErrorIds.ParseError or ErrorIds.OutputTooLarge, error.ErrorId);
        }
    }

    [Fact]
    public void A_dataset_destroyed_since_it_was_listed_has_no_entry_and_the_others_are_read()
    {
        var zfs = new FakeZfs();
        zfs.Add("rpool/x", false, ("com.example:v", "1", "local"));
        zfs.Add("rpool/y", false, ("com.example:v", "2", "local"));
        var transport = new ScriptedTransport().OnProgram("zfs", zfs.Answer);

        var read = TenantPropertyReader.Read(transport, [DatasetName.Parse("rpool/x"), DatasetName.Parse("rpool/gone"), DatasetName.Parse("rpool/y")],
            ["com.example:v"]);

        Assert.Equal(["rpool/x", "rpool/y"], read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2", read["rpool/y"].GetText("com.example:v"));
    }

    [Fact]
    public void A_value_read_alone_keeps_every_newline_TAB_and_CR()
    {
        const string value = "a\tb\nc\r\n\nd\t";
        var zfs = new FakeZfs();
        zfs.Add("rpool/x", false, ("com.example:v", value, "local"));
        var transport = new ScriptedTransport().OnProgram("zfs", zfs.Answer);

        var read = TenantPropertyReader.Read(transport, [DatasetName.Parse("rpool/x")], ["com.example:v", "mountpoint"]);

        Assert.Equal(value, read["rpool/x"].GetText("com.example:v"));
        Assert.Equal("/rpool/x", read["rpool/x"].GetText("mountpoint"));
        Assert.Equal(Core.Zfs.Parsing.ZfsPropertySourceKind.Local, read["rpool/x"]["com.example:v"]!.Source.Kind);
    }
}

using System.Text;
using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.IntegrationTests.Testbed;
using static ZoneDelegation.IntegrationTests.BootEnvironments.IllumosCn;

namespace ZoneDelegation.IntegrationTests.BootEnvironments;

/// <summary>
/// Issue 15 item 1 on the illumos sandbox CN (real sshd, real zfs-fuse): a zone admin's user property
/// holding TABs and newlines that pose as rows (another zone's snapshot, a second copy of a BE, a name
/// outside the container), and a zoned dataset claiming a zonepath. Each is read as a value or ignored;
/// nothing outside the zone's BE container is planned or touched.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class TenantDataTests(TestbedFixture testbed)
{
    private readonly string suffix = Guid.NewGuid().ToString("N")[..6];

    /// <summary>What zfs prints raw after "name TAB property TAB": whole rows, the last one's source appended by zfs itself.</summary>
    private static string Forge(IEnumerable<(string Name, string Property, string Value, string Source)> rows)
    {
        var text = new StringBuilder("/a\tlocal");
        var list = rows.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            text.Append('\n').Append(list[i].Name).Append('\t').Append(list[i].Property).Append('\t').Append(list[i].Value);
            if (i < list.Count - 1)
            {
                text.Append('\t').Append(list[i].Source);
            }
        }

        return text.ToString();
    }

    /// <summary>Every row the one-listing reader read for a dataset, in its order.</summary>
    private static IEnumerable<(string, string, string, string)> Group(string name, bool snapshot, string? origin = null) =>
    [
        (name, "type", snapshot ? "snapshot" : "filesystem", "-"), (name, "origin", origin ?? "-", "-"), (name, "creation", "1700000001", "-"),
        (name, "used", "1", "-"), (name, "referenced", "1", "-"), (name, "userrefs", snapshot ? "0" : "-", "-"),
        (name, "canmount", "noauto", "local"), (name, "zoned", "on", "local"), (name, "mountpoint", "legacy", "local"),
        (name, BootEnvironmentProperties.ParentBe, CurrentUuid, "local"), (name, BootEnvironmentProperties.Active, "off", "local"),
        (name, BootEnvironmentProperties.Policy, "static", "local"), (name, BootEnvironmentProperties.Saved("canmount"), "-", "-"),
        (name, BootEnvironmentProperties.Saved("zoned"), "-", "-"), (name, BootEnvironmentProperties.Saved("mountpoint"), "x", "local"),
    ];

    private static IReadOnlyList<string> Lines(BootEnvironmentPlan plan) =>
        plan.Plan.Steps.Select(s => string.Join(' ', [s.Command.Program, .. s.Command.Arguments])).ToList();

    [TestbedFact]
    public void Forged_rows_naming_another_zones_snapshot_a_second_BE_and_a_name_outside_the_container_remove_only_the_BE()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var attacker = "ta" + suffix;
        var victim = "tb" + suffix;
        var container = AddZone(cn, attacker);
        var victimContainer = AddZone(cn, victim);
        var victimSnapshot = victimContainer + "/zbe@customer-backup";
        Run(cn, "snapshot", victimSnapshot);
        Run(cn, "create", "-o", "canmount=noauto", "-o", BootEnvironmentProperties.ParentBe + "=" + CurrentUuid,
            "-o", BootEnvironmentProperties.Active + "=off", container + "/junk");

        // The victim's snapshot, a second junk cloned from it, a second zbe (a duplicate) and the victim's own BE (outside the container).
        var forged = Forge([.. Group(victimSnapshot, true), .. Group(container + "/junk", false, victimSnapshot),
            .. Group(container + "/zbe", false), .. Group(victimContainer + "/zbe", false)]);
        Run(cn, "set", BootEnvironmentProperties.Saved("mountpoint") + "=" + forged, container + "/junk");
        var before = Names(cn);

        var state = ZoneBootEnvironmentStateReader.Read(connection, attacker);
        var plan = BootEnvironmentRemovalPlanner.Plan(state, "junk", force: false);
        Assert.Equal([$"zfs destroy {container}/junk"], Lines(plan));
        Assert.Equal(forged, state.RequireRoot("junk").Local(BootEnvironmentProperties.Saved("mountpoint")));
        Assert.Equal(["junk", "zbe"], ZoneBootEnvironmentLister.BootEnvironments(state, null).Select(be => be.Name).Order(StringComparer.Ordinal));
        Assert.All(state.Filesystems.Select(fs => fs.Name).Concat(state.Snapshots.Select(s => s.Name)),
            name => Assert.StartsWith(container + "/", name, StringComparison.Ordinal));

        BootEnvironmentApplier.Apply(connection, plan);
        var after = Names(cn);
        Assert.Contains(victimSnapshot, after);
        Assert.Equal(before.Where(n => n != container + "/junk").Order(StringComparer.Ordinal), after.Order(StringComparer.Ordinal));
    }

    [TestbedFact]
    public void A_zoned_dataset_whose_mountpoint_is_another_zones_zonepath_is_not_taken_for_its_zonepath_dataset()
    {
        var cn = testbed.Illumos;
        using var connection = TestbedFixture.Connect(cn);
        var zone = "tc" + suffix;
        var container = AddZone(cn, zone);
        var zonePath = Path.Combine(cn.Directory, "zones", zone);

        // "aa…" sorts before "zones": the first of two datasets with this mountpoint in zfs list. The zone admin
        // can set the mountpoint of a zoned dataset only; a forged row in a second one claims the zonepath too.
        // (libzfs lets the global zone set a zoned dataset's mountpoint only as it creates it.)
        var claim = cn.Pool + "/aa" + suffix;
        var forgedRow = cn.Pool + "/ab" + suffix;
        Run(cn, "create", "-o", "zoned=on", "-o", "canmount=noauto", "-o", "mountpoint=" + zonePath, claim);
        Run(cn, "create", "-o", "zoned=on", "-o", "canmount=noauto", "-o", "mountpoint=/x\n" + claim + "\t" + zonePath, forgedRow);
        Run(cn, "create", "-o", "canmount=noauto", claim + "/ROOT");
        Run(cn, "create", "-o", "canmount=noauto", claim + "/ROOT/evil");
        var listing = Listing(cn);
        try
        {
            var state = ZoneBootEnvironmentStateReader.Read(connection, zone);
            Assert.Equal(container, state.Container.Value);
            Assert.Equal(["zbe"], ZoneBootEnvironmentLister.BootEnvironments(state, null).Select(be => be.Name));
            Assert.Equal(listing, Listing(cn));
        }
        finally
        {
            Run(cn, "destroy", "-r", claim);
            Run(cn, "destroy", forgedRow);
        }
    }
}

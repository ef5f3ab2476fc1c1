using Xunit;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Tests.Fakes;
using static ZoneDelegation.Core.Tests.BootEnvironments.FakeIllumosNode;

namespace ZoneDelegation.Core.Tests.BootEnvironments;

public sealed class BootEnvironmentPlannerTests
{
    private static ZoneBootEnvironmentState Read(FakeIllumosNode node, out ScriptedTransport transport)
    {
        transport = node.Transport();
        return ZoneBootEnvironmentStateReader.Read(transport.Connect(), "z1");
    }

    private static IReadOnlyList<string> Lines(BootEnvironmentPlan plan) =>
        plan.Plan.Steps.Select(step => ScriptedTransport.Key(step.Command)).ToList();

    private static void AssertOnlyReads(ScriptedTransport transport) =>
        Assert.All(transport.CommandKeys, key => Assert.DoesNotMatch("^zfs (promote|destroy|set|inherit|snapshot|clone|rename)", key));

    [Fact]
    public void Removing_the_oldest_of_a_chain_of_three_promotes_its_clone_then_destroys_it_and_the_unused_origin()
    {
        var state = Read(ChainOfThree(), out var transport);
        var plan = BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: false);

        Assert.Equal(
        [
            $"zfs promote {Ds("zbe-1")}",
            $"zfs destroy {Ds("zbe")}",
            $"zfs destroy {Ds("zbe-1@zbe-1")}",
        ], Lines(plan));
        Assert.Contains($"{Ds("zbe@zbe-1")} move to {Ds("zbe-1")} (as {Ds("zbe-1@zbe-1")})", plan.Plan.Describe(), StringComparison.Ordinal);
        AssertOnlyReads(transport);
    }

    [Fact]
    public void Removing_the_middle_of_a_chain_promotes_the_younger_clone_and_keeps_the_older_origin()
    {
        var state = Read(ChainOfThree(), out _);
        var plan = BootEnvironmentRemovalPlanner.Plan(state, "zbe-1", force: false);

        Assert.Equal(
        [
            $"zfs promote {Ds("zbe-2")}",
            $"zfs destroy {Ds("zbe-1")}",
            $"zfs destroy {Ds("zbe-2@zbe-2")}",
        ], Lines(plan));
    }

    [Fact]
    public void Activating_the_youngest_of_a_chain_promotes_it_until_it_has_no_origin_then_switches_active()
    {
        var node = ChainOfThree();
        var state = Read(node, out _);
        var plan = BootEnvironmentActivationPlanner.Plan(state, "zbe-1");

        Assert.Equal(
        [
            $"zfs promote {Ds("zbe-1")}",
            $"zfs set org.opensolaris.libbe:active=on {Ds("zbe-1")}",
            $"zfs set org.opensolaris.libbe:active=off {Ds("zbe-2")}",
        ], Lines(plan));
        Assert.Contains("next boot", plan.Plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Activating_a_clone_of_a_clone_promotes_it_twice()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: CurrentUuid, active: "on")
            .Snap("zbe@zbe-1")
            .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "off")
            .Snap("zbe-1@zbe-2")
            .Fs("zbe-2", origin: "zbe-1@zbe-2", parentBe: CurrentUuid, active: "off");
        var plan = BootEnvironmentActivationPlanner.Plan(Read(node, out _), "zbe-2");

        Assert.Equal(
        [
            $"zfs promote {Ds("zbe-2")}",
            $"zfs promote {Ds("zbe-2")}",
            $"zfs set org.opensolaris.libbe:active=on {Ds("zbe-2")}",
            $"zfs set org.opensolaris.libbe:active=off {Ds("zbe")}",
        ], Lines(plan));
    }

    [Fact]
    public void A_BE_with_child_datasets_is_demoted_and_destroyed_child_first()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "off")
            .Fs("zbe/var")
            .Snap("zbe@zbe-1")
            .Snap("zbe/var@zbe-1")
            .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "on")
            .Fs("zbe-1/var", origin: "zbe/var@zbe-1");
        var plan = BootEnvironmentRemovalPlanner.Plan(Read(node, out _), "zbe", force: false);

        Assert.Equal(
        [
            $"zfs promote {Ds("zbe-1")}",
            $"zfs promote {Ds("zbe-1/var")}",
            $"zfs destroy {Ds("zbe/var")}",
            $"zfs destroy {Ds("zbe")}",
            $"zfs destroy {Ds("zbe-1@zbe-1")}",
            $"zfs destroy {Ds("zbe-1/var@zbe-1")}",
        ], Lines(plan));
    }

    [Fact]
    public void Snapshots_nobody_clones_are_destroyed_before_their_dataset_and_never_with_r()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "off")
            .Snap("zbe@before-upgrade")
            .Snap("zbe@zbe-1")
            .Snap("zbe@later")
            .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "on");
        var plan = BootEnvironmentRemovalPlanner.Plan(Read(node, out _), "zbe", force: false);

        Assert.Equal(
        [
            $"zfs promote {Ds("zbe-1")}",
            $"zfs destroy {Ds("zbe@later")}",
            $"zfs destroy {Ds("zbe")}",
            $"zfs destroy {Ds("zbe-1@zbe-1")}",
        ], Lines(plan));
        Assert.All(plan.Plan.Steps, step => Assert.DoesNotContain(step.Command.Arguments, a => a is "-R" or "-r"));
    }

    [Fact]
    public void A_promote_that_would_collide_on_a_snapshot_name_is_refused_naming_both_snapshots()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "off")
            .Snap("zbe@daily")
            .Snap("zbe@zbe-1")
            .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "on")
            .Snap("zbe-1@daily");
        var state = Read(node, out var transport);

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: false));
        Assert.Equal(ErrorIds.SnapshotNameCollision, error.ErrorId);
        Assert.Contains(Ds("zbe@daily"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Ds("zbe-1@daily"), error.Message, StringComparison.Ordinal);
        Assert.Contains("zfs rename", error.Hint, StringComparison.Ordinal);
        AssertOnlyReads(transport);
    }

    [Fact]
    public void A_held_snapshot_the_removal_would_destroy_is_refused()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "off")
            .Snap("zbe@keep", holds: 1)
            .Fs("zbe-1", parentBe: CurrentUuid, active: "on");
        var state = Read(node, out var transport);

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: false));
        Assert.Equal(ErrorIds.SnapshotHeld, error.ErrorId);
        Assert.Contains(Ds("zbe@keep") + " (1 hold)", error.Message, StringComparison.Ordinal);
        AssertOnlyReads(transport);
    }

    [Fact]
    public void A_clone_outside_the_zone_is_refused()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "off")
            .Snap("zbe@copy")
            .Fs("zbe-1", parentBe: CurrentUuid, active: "on")
            .External("rpool/export/copy-of-z1", "zbe@copy");
        var state = Read(node, out _);

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: false));
        Assert.Equal(ErrorIds.CloneOutsideZone, error.ErrorId);
        Assert.Equal("rpool/export/copy-of-z1", error.Target);
    }

    [Fact]
    public void A_clone_inside_the_zone_but_outside_the_container_is_promoted_in_the_second_pass()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "off")
            .Snap("zbe@copy")
            .Fs("zbe-1", parentBe: CurrentUuid, active: "on")
            .External(ZonePathDataset + "/export/copy", "zbe@copy");
        var plan = BootEnvironmentRemovalPlanner.Plan(Read(node, out _), "zbe", force: false);

        // The snapshot moved out of the BE container with the promote; issue 15: a BE plan destroys nothing outside its container.
        Assert.Equal([$"zfs promote {ZonePathDataset}/export/copy", $"zfs destroy {Ds("zbe")}"], Lines(plan));
        Assert.Contains(plan.Warnings, w => w.Contains($"{ZonePathDataset}/export/copy@copy", StringComparison.Ordinal) && w.Contains("kept", StringComparison.Ordinal));
    }

    [Fact]
    public void The_BE_the_zone_boots_is_never_removed_even_with_force()
    {
        var state = Read(ChainOfThree(), out _);
        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRemovalPlanner.Plan(state, "zbe-2", force: true));
        Assert.Equal(ErrorIds.BootEnvironmentActive, error.ErrorId);
    }

    [Fact]
    public void A_BE_an_older_global_BE_boots_needs_force()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: OldUuid, active: "on")
            .Fs("zbe-1", parentBe: CurrentUuid, active: "on");
        var state = Read(node, out _);

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: false));
        Assert.Equal(ErrorIds.BootEnvironmentNeededByGlobal, error.ErrorId);
        Assert.Contains("omnios-0", error.Message, StringComparison.Ordinal);
        Assert.Equal([$"zfs destroy {Ds("zbe")}"], Lines(BootEnvironmentRemovalPlanner.Plan(state, "zbe", force: true)));
    }

    [Fact]
    public void Activation_refuses_a_collision_and_a_BE_of_another_global_BE()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: CurrentUuid, active: "on")
            .Snap("zbe@x")
            .Snap("zbe@zbe-1")
            .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "off")
            .Snap("zbe-1@x")
            .Fs("old", parentBe: OldUuid, active: "on");
        var state = Read(node, out var transport);

        Assert.Equal(ErrorIds.SnapshotNameCollision,
            Assert.Throws<ZoneDelegationException>(() => BootEnvironmentActivationPlanner.Plan(state, "zbe-1")).ErrorId);
        var other = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentActivationPlanner.Plan(state, "old"));
        Assert.Equal(ErrorIds.BootEnvironmentNotOfCurrentGlobal, other.ErrorId);
        Assert.Contains("omnios-0", other.Message, StringComparison.Ordinal);
        AssertOnlyReads(transport);
    }

    [Fact]
    public void Creation_snapshots_recursively_and_clones_each_dataset_for_the_booted_global_BE()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: CurrentUuid, active: "on", more: (BootEnvironmentProperties.Policy, "static", "local"))
            .Fs("zbe/var");
        var plan = BootEnvironmentCreationPlanner.Plan(Read(node, out _), "zbe-1", source: null, activate: false);

        Assert.Equal(
        [
            $"zfs snapshot -r {Ds("zbe@zbe-1")}",
            $"zfs clone -o canmount=noauto -o org.opensolaris.libbe:parentbe={CurrentUuid} -o org.opensolaris.libbe:active=off " +
            $"-o org.opensolaris.libbe:policy=static {Ds("zbe@zbe-1")} {Ds("zbe-1")}",
            $"zfs clone -o canmount=noauto {Ds("zbe/var@zbe-1")} {Ds("zbe-1/var")}",
        ], Lines(plan));
    }

    [Fact]
    public void Creation_with_activate_promotes_the_new_BE_and_switches_active()
    {
        var node = new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on");
        var plan = BootEnvironmentCreationPlanner.Plan(Read(node, out _), "zbe-1", source: "zbe", activate: true);

        Assert.Equal(
        [
            $"zfs snapshot -r {Ds("zbe@zbe-1")}",
            $"zfs clone -o canmount=noauto -o org.opensolaris.libbe:parentbe={CurrentUuid} -o org.opensolaris.libbe:active=off {Ds("zbe@zbe-1")} {Ds("zbe-1")}",
            $"zfs promote {Ds("zbe-1")}",
            $"zfs set org.opensolaris.libbe:active=on {Ds("zbe-1")}",
            $"zfs set org.opensolaris.libbe:active=off {Ds("zbe")}",
        ], Lines(plan));
    }

    [Theory]
    [InlineData("zbe", ErrorIds.BootEnvironmentExists)]
    [InlineData("a/b", ErrorIds.InvalidBootEnvironmentName)]
    [InlineData("x;rm -rf /", ErrorIds.InvalidBootEnvironmentName)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789", ErrorIds.InvalidBootEnvironmentName)]
    public void Creation_refuses_bad_and_taken_names_before_anything_runs(string name, string errorId)
    {
        var state = Read(new FakeIllumosNode().Fs("zbe", parentBe: CurrentUuid, active: "on"), out var transport);
        Assert.Equal(errorId, Assert.Throws<ZoneDelegationException>(() => BootEnvironmentCreationPlanner.Plan(state, name, null, false)).ErrorId);
        AssertOnlyReads(transport);
    }

    [Fact]
    public void Repair_picks_the_only_BE_of_the_booted_global_BE_when_none_is_active()
    {
        var node = new FakeIllumosNode()
            .Fs("old", parentBe: OldUuid, active: "on")
            .Fs("zbe", parentBe: CurrentUuid, active: "off");
        var plan = BootEnvironmentRepairPlanner.Plan(Read(node, out _), name: null, force: false);
        Assert.Equal([$"zfs set org.opensolaris.libbe:active=on {Ds("zbe")}"], Lines(plan));
    }

    [Fact]
    public void Repair_of_two_active_BEs_needs_a_name_and_then_turns_the_other_off()
    {
        var node = new FakeIllumosNode()
            .Fs("zbe", parentBe: CurrentUuid, active: "on")
            .Fs("zbe-1", parentBe: CurrentUuid, active: "on");
        var state = Read(node, out _);

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRepairPlanner.Plan(state, null, false));
        Assert.Equal(ErrorIds.NoObviousBootEnvironment, error.ErrorId);
        Assert.Contains("zbe, zbe-1", error.Message, StringComparison.Ordinal);
        Assert.Equal([$"zfs set org.opensolaris.libbe:active=off {Ds("zbe")}"], Lines(BootEnvironmentRepairPlanner.Plan(state, "zbe-1", false)));
    }

    [Fact]
    public void Repair_refuses_a_running_zone_unless_forced_and_does_nothing_for_a_bootable_one()
    {
        var node = new FakeIllumosNode { ZoneState = "running" }.Fs("zbe", parentBe: CurrentUuid, active: "off");
        var state = Read(node, out _);
        Assert.Equal(ErrorIds.ZoneRunning, Assert.Throws<ZoneDelegationException>(() => BootEnvironmentRepairPlanner.Plan(state, null, false)).ErrorId);
        Assert.Single(BootEnvironmentRepairPlanner.Plan(state, null, force: true).Plan.Steps);

        var bootable = Read(ChainOfThree(), out _);
        Assert.True(BootEnvironmentRepairPlanner.Plan(bootable, null, false).Plan.IsEmpty);
    }

    [Fact]
    public void Protect_saves_then_changes_each_dataset_of_the_BEs_of_older_global_BEs_and_Unprotect_restores()
    {
        var node = new FakeIllumosNode()
            .Fs("old", parentBe: OldUuid, active: "on")
            .Fs("zbe", parentBe: CurrentUuid, active: "on");
        var plan = BootEnvironmentProtectionPlanner.Protect(Read(node, out _), null);
        var old = Ds("old");
        Assert.Equal(
        [
            $"zfs set com.zonedelegation:saved.canmount=local:noauto {old}",
            $"zfs set com.zonedelegation:saved.zoned=inherited {old}",
            $"zfs set com.zonedelegation:saved.mountpoint=inherited {old}",
            $"zfs set canmount=off {old}",
            $"zfs set zoned=off {old}",
            $"zfs set mountpoint=legacy {old}",
        ], Lines(plan));

        var protectedNode = new FakeIllumosNode()
            .Fs("old", parentBe: OldUuid, active: "on", more:
            [
                ("canmount", "off", "local"), ("zoned", "off", "local"), ("mountpoint", "legacy", "local"),
                ("com.zonedelegation:saved.canmount", "local:noauto", "local"),
                ("com.zonedelegation:saved.zoned", "inherited", "local"),
                ("com.zonedelegation:saved.mountpoint", "inherited", "local"),
            ])
            .Fs("zbe", parentBe: CurrentUuid, active: "on");
        var state = Read(protectedNode, out _);
        Assert.True(ZoneBootEnvironmentLister.BootEnvironments(state, "old").Single().Protected);
        Assert.Equal(
        [
            $"zfs inherit mountpoint {old}",
            $"zfs inherit zoned {old}",
            $"zfs set canmount=noauto {old}",
            $"zfs inherit com.zonedelegation:saved.canmount {old}",
            $"zfs inherit com.zonedelegation:saved.zoned {old}",
            $"zfs inherit com.zonedelegation:saved.mountpoint {old}",
        ], Lines(BootEnvironmentProtectionPlanner.Unprotect(state, null)));
        Assert.Equal(ErrorIds.BootEnvironmentOfCurrentGlobal,
            Assert.Throws<ZoneDelegationException>(() => BootEnvironmentProtectionPlanner.Protect(state, "zbe")).ErrorId);
    }

    [Fact]
    public void Saved_values_a_zone_admin_forged_neither_make_a_BE_protected_nor_unzone_it()
    {
        // The zone admin's own BE, still zoned (inherited), with forged saved values that ask Unprotect for
        // zoned=off and canmount=on while its mountpoint points into the global zone.
        var node = new FakeIllumosNode()
            .Fs("old", parentBe: OldUuid, active: "on", more:
            [
                ("canmount", "on", "local"), ("mountpoint", "/opt/custom/smf", "local"),
                ("com.zonedelegation:saved.zoned", "local:off", "local"),
                ("com.zonedelegation:saved.canmount", "local:on", "local"),
            ])
            .Fs("zbe", parentBe: CurrentUuid, active: "on");
        var state = Read(node, out _);
        var old = Ds("old");

        Assert.False(ZoneBootEnvironmentLister.BootEnvironments(state, "old").Single().Protected);
        Assert.Empty(Lines(BootEnvironmentProtectionPlanner.Unprotect(state, null)));
        // Protect is not skipped: it saves the values that are really there and takes the BE out of reach.
        var protect = Lines(BootEnvironmentProtectionPlanner.Protect(state, null));
        Assert.Contains($"zfs set zoned=off {old}", protect);
        Assert.Contains($"zfs set com.zonedelegation:saved.canmount=local:on {old}", protect);

        // Even on a BE that really is protected, a saved zoned that says off is never restored.
        var forgedAfterProtect = new FakeIllumosNode()
            .Fs("old", parentBe: OldUuid, active: "on", more:
            [
                ("canmount", "off", "local"), ("zoned", "off", "local"), ("mountpoint", "legacy", "local"),
                ("com.zonedelegation:saved.canmount", "local:on", "local"),
                ("com.zonedelegation:saved.zoned", "local:off", "local"),
                ("com.zonedelegation:saved.mountpoint", "local:/opt/custom/smf", "local"),
            ])
            .Fs("zbe", parentBe: CurrentUuid, active: "on");
        var unprotect = BootEnvironmentProtectionPlanner.Unprotect(Read(forgedAfterProtect, out _), null);
        Assert.DoesNotContain($"zfs set zoned=off {old}", Lines(unprotect));
        Assert.Equal(
        [
            $"zfs set mountpoint=/opt/custom/smf {old}",
            $"zfs inherit zoned {old}",
            $"zfs set canmount=on {old}",
        ], Lines(unprotect).Take(3));
    }

    [Fact]
    public void Apply_reads_back_and_a_change_that_did_not_happen_is_VerificationFailed_naming_it()
    {
        var node = ChainOfThree();
        var transport = node.Transport().On($"zfs promote {Ds("zbe-1")}").On($"zfs destroy {Ds("zbe")}").On($"zfs destroy {Ds("zbe-1@zbe-1")}");
        var connection = transport.Connect();
        var plan = BootEnvironmentRemovalPlanner.Plan(ZoneBootEnvironmentStateReader.Read(connection, "z1"), "zbe", false);

        // The fake ran the commands but its tree did not change: zbe is still there.
        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentApplier.Apply(connection, plan));
        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains($"{Ds("zbe")} exists, but the plan destroyed it", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the origin of {Ds("zbe-1")} is {Ds("zbe@zbe-1")}, expected -", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Protect on a node whose zfs set changes the model; <paramref name="zoneCreates"/> is what the zone admin
    /// creates below the BE "old" just before our zfs set zoned=off on it (between our read and our change).
    /// </summary>
    private static (ScriptedTransport Transport, FakeZfs Zfs, BootEnvironmentPlan Plan) ProtectRacingTheZone(
        params (string Property, string Value, string Source)[] zoneCreates)
    {
        var old = Ds("old");
        var node = new FakeIllumosNode().Fs("old", parentBe: OldUuid, active: "on", more: [("mountpoint", "/", "local")]).Fs("zbe", parentBe: CurrentUuid, active: "on");
        FakeZfs? zfs = null;
        node.Arrange = model => zfs = model;
        var transport = node.Transport();
        var plan = BootEnvironmentProtectionPlanner.Protect(ZoneBootEnvironmentStateReader.Read(transport.Connect(), "z1"), null);
        var undo = new[] { $"zfs set zoned=on {old}", $"zfs set mountpoint=none {old}", $"zfs set mountpoint=/ {old}", $"zfs inherit zoned {old}", $"zfs set canmount=noauto {old}" }
            .Concat(BootEnvironmentProperties.ProtectedNative.Select(property => $"zfs inherit {BootEnvironmentProperties.Saved(property)} {old}"));
        foreach (var key in Lines(plan).Concat(undo))
        {
            transport.OnCommand(key, command =>
            {
                if (command.Arguments[0] == "inherit")
                {
                    zfs!.Inherit(command.Arguments[2], command.Arguments[1]);
                    return (string.Empty, 0, string.Empty);
                }

                var (property, value) = (command.Arguments[1][..command.Arguments[1].IndexOf('=')], command.Arguments[1][(command.Arguments[1].IndexOf('=') + 1)..]);
                if (property == "zoned" && value == "off")
                {
                    zfs!.Add(Ds("old/escape"), false, [("zoned", "off", "inherited from " + old), .. zoneCreates]);

                    // While it still could, the zone admin also rewrote the saved mountpoint Protect had just written.
                    zfs!.Set(old, BootEnvironmentProperties.Saved("mountpoint"), "local:/forged");
                }

                zfs!.Set(command.Arguments[2], property, value);
                return (string.Empty, 0, string.Empty);
            });
        }

        return (transport, zfs!, plan);
    }

    [Fact]
    public void Protect_fails_and_zones_the_BE_again_when_the_zone_slipped_a_mountable_dataset_below_it()
    {
        var (transport, zfs, plan) = ProtectRacingTheZone(("mountpoint", "/opt/custom/smf", "local"), ("canmount", "on", "default"));
        var old = Ds("old");

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentApplier.Apply(transport.Connect(), plan));

        Assert.Equal(ErrorIds.ZoneDatasetEscapedProtection, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.SecurityError, error.Category);
        Assert.Equal(Ds("old/escape"), error.Target);
        Assert.Contains($"{Ds("old/escape")} (mountpoint /opt/custom/smf, canmount on, zoned off)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{old} was put back as read before the change", error.Message, StringComparison.Ordinal);
        Assert.Contains(Ds("old/escape"), error.Hint, StringComparison.Ordinal);
        var keys = transport.CommandKeys.ToList();
        Assert.True(keys.IndexOf($"zfs inherit zoned {old}") > keys.IndexOf($"zfs set mountpoint=legacy {old}"));
        Assert.Equal("on", zfs.Get(old).Properties["zoned"].Value);
        Assert.True(transport.Commands.Single(c => ScriptedTransport.Key(c) == $"zfs inherit zoned {old}").ChangesState);
    }

    [Fact]
    public void The_undo_after_an_escape_puts_the_BE_back_as_the_planner_read_it_not_as_the_zone_writable_saved_values_say()
    {
        var (transport, zfs, plan) = ProtectRacingTheZone(("mountpoint", "/opt/custom/smf", "local"), ("canmount", "on", "default"));
        var old = Ds("old");

        Assert.Throws<ZoneDelegationException>(() => BootEnvironmentApplier.Apply(transport.Connect(), plan));

        var properties = zfs.Get(old).Properties;
        Assert.Equal(("/", "local"), properties["mountpoint"]);
        Assert.Equal(("noauto", "local"), properties["canmount"]);
        Assert.Equal(("on", "inherited from " + FakeIllumosNode.Container), properties["zoned"]);
        Assert.DoesNotContain(properties.Keys, key => key.StartsWith(BootEnvironmentProperties.Saved(string.Empty), StringComparison.Ordinal));
        var keys = transport.CommandKeys.ToList();
        // mountpoint while still unzoned, by way of none (legacy to a path would mount what inherits it), then zoned, then canmount.
        Assert.True(keys.IndexOf($"zfs set mountpoint=none {old}") < keys.IndexOf($"zfs set mountpoint=/ {old}"));
        Assert.True(keys.IndexOf($"zfs set mountpoint=/ {old}") < keys.IndexOf($"zfs inherit zoned {old}"));
        Assert.True(keys.IndexOf($"zfs inherit zoned {old}") < keys.IndexOf($"zfs set canmount=noauto {old}"));
    }

    [Fact]
    public void A_dataset_the_zone_created_meanwhile_that_cannot_mount_is_no_escape_only_not_as_planned()
    {
        var (transport, _, plan) = ProtectRacingTheZone(("mountpoint", "/opt/custom/smf", "local"), ("canmount", "off", "local"));

        var error = Assert.Throws<ZoneDelegationException>(() => BootEnvironmentApplier.Apply(transport.Connect(), plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains($"{Ds("old/escape")} exists", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"zfs inherit zoned {Ds("old")}", transport.CommandKeys);
    }
}

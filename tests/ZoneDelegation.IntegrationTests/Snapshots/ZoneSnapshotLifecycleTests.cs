using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Reprovision;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.IntegrationTests.Testbed;
using ZoneDelegation.IntegrationTests.Zones;

namespace ZoneDelegation.IntegrationTests.Snapshots;

/// <summary>
/// Issue 9 on a sandbox CN: the real sshd, the real zfs-fuse pool with the zone root and /data mounted,
/// and the vmadm stand-in (stop, start, snapshots, reprovision). Every zone is made here and deleted after.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class ZoneSnapshotLifecycleTests : IDisposable
{
    private readonly ZoneLifecycleTestbed bed;
    private readonly TestbedFixture testbed;
    private readonly ITestOutputHelper output;

    public ZoneSnapshotLifecycleTests(TestbedFixture testbed, ITestOutputHelper output)
    {
        bed = new ZoneLifecycleTestbed(testbed.Smartos);
        this.testbed = testbed;
        this.output = output;
    }

    public void Dispose() => bed.Dispose();

    [TestbedFact]
    public void RestoringARootSnapshotBringsTheRootBackAndLeavesTheDelegatedDataAsItIs()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var zone = bed.CreateZone();
        var rootPath = bed.MountRootOf(zone);
        File.WriteAllText(Path.Combine(rootPath, "etc-motd"), "root before");
        bed.WithDataMounted(zone, data => File.WriteAllText(Path.Combine(data, "db.txt"), "data before"));
        bed.Zfs("snapshot", bed.Data(zone) + "@zone-admin-1");

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, zone, "before-upgrade", force: false);
        Assert.NotNull(plan.CoverageWarning);
        var created = ZoneSnapshotCreationApplier.Apply(connection, plan);
        Assert.Equal(("before-upgrade", "vmsnap-before-upgrade"), (created.Name, created.ZfsName));
        Assert.Equal([bed.Data(zone)], created.Excludes);
        Assert.Equal("zfs snapshot", created.Method);
        Assert.Equal("before-upgrade", bed.Vm(zone)["snapshots"]![0]!["name"]!.GetValue<string>());

        // Both change after the snapshot; the zone admin snapshots its data; a newer root snapshot exists.
        File.WriteAllText(Path.Combine(rootPath, "etc-motd"), "root after");
        bed.WithDataMounted(zone, data => File.WriteAllText(Path.Combine(data, "db.txt"), "data after"));
        bed.Zfs("snapshot", bed.Data(zone) + "@zone-admin-2");
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "later", force: false));
        var dataBefore = bed.DataIdentity(zone);
        var bootBefore = bed.Vm(zone)["boot_timestamp"]?.GetValue<string>();

        var restorePlan = ZoneSnapshotRestorePlanner.Plan(connection, zone, "before-upgrade");
        output.WriteLine(restorePlan.Plan.Describe());
        Assert.Equal(["stop", "rollback", "start"], restorePlan.Plan.Steps.Select(s => s.Command.Arguments[0]));
        Assert.Contains("destroys the newer root snapshots vmsnap-later", restorePlan.Plan.Summary, StringComparison.Ordinal);
        var restore = ZoneSnapshotRestoreApplier.Apply(connection, restorePlan);

        Assert.Equal("root before", File.ReadAllText(Path.Combine(rootPath, "etc-motd")));
        bed.WithDataMounted(zone, data => Assert.Equal("data after", File.ReadAllText(Path.Combine(data, "db.txt"))));
        Assert.Equal(dataBefore, bed.DataIdentity(zone));
        Assert.Contains($"{bed.Data(zone)}@zone-admin-1\tguid", dataBefore, StringComparison.Ordinal);
        Assert.Contains($"{bed.Data(zone)}@zone-admin-2\tguid", dataBefore, StringComparison.Ordinal);
        Assert.Equal([$"{bed.Root(zone)}@vmsnap-before-upgrade"],
            bed.Zfs("list", "-H", "-o", "name", "-t", "snapshot", "-d", "1", bed.Root(zone)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["vmsnap-later"], restore.DestroyedSnapshots);
        Assert.Equal(2, restore.DelegatedSnapshots);

        // The running zone was stopped and started again (the stand-in's journal and state).
        Assert.True(restore.Restarted);
        Assert.Equal(["stop:stopped", "start:running"], bed.Journal(zone));
        Assert.Equal("running", bed.Vm(zone)["state"]!.GetValue<string>());
        Assert.NotEqual(bootBefore, bed.Vm(zone)["boot_timestamp"]!.GetValue<string>());
    }

    [TestbedFact]
    public void RestoringAStoppedZoneWithoutDatasetsRollsItBackAndLeavesItStopped()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var zone = bed.CreateZone(delegated: false);
        var rootPath = bed.MountRootOf(zone);
        File.WriteAllText(Path.Combine(rootPath, "etc-motd"), "root before");
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "a", force: false));
        File.WriteAllText(Path.Combine(rootPath, "etc-motd"), "root after");
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "b", force: false));
        bed.Run("vmadm", ["stop", zone]);

        var plan = ZoneSnapshotRestorePlanner.Plan(connection, zone, "a");
        output.WriteLine(plan.Plan.Describe());
        var restore = ZoneSnapshotRestoreApplier.Apply(connection, plan);

        // vmadm rollback-snapshot would have booted it (VM.js rollback_snapshot always ends in VM.start).
        Assert.Equal([$"zfs rollback -r {bed.Root(zone)}@vmsnap-a"], plan.Plan.Steps.Select(s => string.Join(' ', [s.Command.Program, .. s.Command.Arguments])));
        Assert.Equal("root before", File.ReadAllText(Path.Combine(rootPath, "etc-motd")));
        Assert.Equal(["vmsnap-b"], restore.DestroyedSnapshots);
        Assert.Equal("stopped", restore.State);
        Assert.False(restore.Restarted);
        Assert.Equal("stopped", bed.Vm(zone)["state"]!.GetValue<string>());
        Assert.Equal("stop:stopped", bed.Journal(zone)[^1]);
    }

    [TestbedFact]
    public void RestoringARunningZoneWithoutDatasetsShutsItDownCleanlyAndVmadmBootsIt()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var zone = bed.CreateZone(delegated: false);
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "a", force: false));
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "b", force: false));

        var plan = ZoneSnapshotRestorePlanner.Plan(connection, zone, "a");
        output.WriteLine(plan.Plan.Describe());
        var restore = ZoneSnapshotRestoreApplier.Apply(connection, plan);

        // A clean vmadm stop first: vmadm rollback-snapshot itself would halt the running zone by force.
        Assert.Equal(["stop", "rollback-snapshot"], plan.Plan.Steps.Select(s => s.Command.Arguments[0]));
        Assert.Equal(["stop:stopped", "rollback:a:stopped", "start:running"], bed.Journal(zone).Where(j => !j.StartsWith("create-snapshot", StringComparison.Ordinal)));
        Assert.Equal(["vmsnap-a"], bed.Vm(zone)["snapshots"]!.AsArray().Select(s => "vmsnap-" + s!["name"]!.GetValue<string>()));
        Assert.True(restore.Restarted);
        Assert.Equal("running", restore.State);
        Assert.Equal("running", bed.Vm(zone)["state"]!.GetValue<string>());
    }

    [TestbedFact]
    public void AtTheSnapshotLimitNothingIsCreatedUnlessForced()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var zone = bed.CreateZone(snapshotLimit: 2);
        bed.Zfs("snapshot", bed.Data(zone) + "@mine-1");
        bed.Zfs("snapshot", bed.Data(zone) + "@mine-2");
        var before = bed.State();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotCreationPlanner.Plan(connection, zone, "one-too-many", force: false));

        Assert.Equal(ErrorIds.SnapshotLimitReached, error.ErrorId);
        Assert.Contains("has 2 snapshots and its snapshot_limit is 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, bed.State());

        var plan = ZoneSnapshotCreationPlanner.Plan(connection, zone, "one-too-many", force: true);
        Assert.Contains("leaves 3 of 2", Assert.Single(plan.Warnings), StringComparison.Ordinal);
        var created = ZoneSnapshotCreationApplier.Apply(connection, plan);
        Assert.Equal(3UL, created.SnapshotCount);
        Assert.Equal(2UL, created.SnapshotLimit);
        output.WriteLine($"{created.FullName}: count {created.SnapshotCount}, limit {created.SnapshotLimit}");
    }

    [TestbedFact]
    public void AFailureAtRollbackStopsThereAndTheErrorNamesTheZonesState()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var zone = bed.CreateZone();
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "a", force: false));
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "b", force: false));
        // The injected failure is a real one: a clone of the newer snapshot makes zfs rollback -r refuse.
        var clone = $"{bed.Cn.Pool}/{zone}-clone";
        bed.Zfs("clone", $"{bed.Root(zone)}@vmsnap-b", clone);
        try
        {
            var plan = ZoneSnapshotRestorePlanner.Plan(connection, zone, "a");
            var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));
            output.WriteLine(error.Message);

            Assert.Equal(ErrorIds.SnapshotRestoreFailed, error.ErrorId);
            Assert.Contains("stopped at step 2", error.Message, StringComparison.Ordinal);
            Assert.Contains("clones of previous snapshots exist", error.Message, StringComparison.Ordinal);
            Assert.Contains("The zone is now stopped; it was running before the restore and has not been started again", error.Message, StringComparison.Ordinal);
            Assert.Equal("stopped", bed.Vm(zone)["state"]!.GetValue<string>());
            Assert.Equal(["stop:stopped"], bed.Journal(zone).Where(j => !j.StartsWith("create-snapshot", StringComparison.Ordinal)));
        }
        finally
        {
            bed.Zfs("destroy", clone);
        }
    }

    /// <summary>
    /// Issue 15 item 3: a rollback that outlives the command timeout is a write, so it is never killed (it never rides
    /// the persistent channel): the restore ends as CommandMayStillBeRunning with the zone's state, and the rollback
    /// completes on the CN. Before the fix it was killed and reported as SnapshotRestoreFailed ("Terminated").
    /// </summary>
    [TestbedFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ARollbackPastTheCommandTimeoutIsLeftToFinishAndReportedAsMayStillBeRunning()
    {
        var cn = testbed.StartDedicated("slowrb");
        var go = Path.Combine(cn.Directory, "rollback-go-" + Guid.NewGuid().ToString("N")[..8]);
        var slow = new ZoneLifecycleTestbed(cn);
        try
        {
            // zfs rollback on this CN waits for the test's go: slower than the timeout for as long as the test wants.
            var zfs = Path.Combine(cn.Directory, "bin", "zfs");
            var standin = File.ResolveLinkTarget(zfs, returnFinalTarget: true)!.FullName;
            File.Delete(zfs);
            File.WriteAllText(zfs, $"#!/bin/sh\nif [ \"$1\" = rollback ]; then while [ ! -e '{go}' ]; do sleep 0.05; done; fi\nexec '{standin}' \"$@\"\n");
            File.SetUnixFileMode(zfs, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var connection = ComputeNodeConnector.Connect(cn.SshOptions() with { DefaultCommandTimeout = TimeSpan.FromSeconds(3) });
            var zone = slow.CreateZone();
            ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "a", force: false));
            ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "b", force: false));
            var plan = ZoneSnapshotRestorePlanner.Plan(connection, zone, "a");

            var error = Assert.Throws<NativeCommandException>(() => ZoneSnapshotRestoreApplier.Apply(connection, plan));
            output.WriteLine(error.Message);

            Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
            Assert.Contains("'zfs' 'rollback' '-r'", error.CommandLine, StringComparison.Ordinal);
            Assert.Contains("The zone is now stopped", error.Message, StringComparison.Ordinal);
            File.WriteAllText(go, string.Empty);
            WaitUntil(() => !slow.Zfs("list", "-H", "-o", "name", "-t", "snapshot", "-r", slow.Root(zone)).Contains("@vmsnap-b", StringComparison.Ordinal));
            Assert.Contains($"{slow.Root(zone)}@vmsnap-a", slow.Zfs("list", "-H", "-o", "name", "-t", "snapshot", "-r", slow.Root(zone)), StringComparison.Ordinal);
            Assert.Equal("stopped", slow.Vm(zone)["state"]!.GetValue<string>());
        }
        finally
        {
            File.WriteAllText(go, string.Empty);
            slow.Dispose();
            testbed.Stop(cn);
        }
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "condition not met within 30 s");
            Thread.Sleep(50);
        }
    }

    [TestbedFact]
    public void RemoveDestroysRootSnapshotsOneAtATimeAndKeepsTheNewest()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var zone = bed.CreateZone();
        var plain = bed.CreateZone(delegated: false);
        foreach (var name in new[] { "s1", "s2", "s3", "s4" })
        {
            ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, name, force: false));
        }

        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, plain, "p1", force: false));
        bed.Zfs("snapshot", bed.Data(zone) + "@admin");

        // What `Get-ZoneSnapshot -Scope Root | Sort-Object Created | Select-Object -SkipLast 2 | Remove-ZoneSnapshot` does.
        var roots = ZoneSnapshotReader.List(connection, zone, [SnapshotScope.Root], null).ToList();
        foreach (var snapshot in roots.Take(roots.Count - 2))
        {
            ZoneSnapshotRemovalApplier.Apply(connection, ZoneSnapshotRemovalPlanner.Plan(connection, snapshot.Zone, snapshot.Name, snapshot.Dataset, force: false));
        }

        Assert.Equal(["s3", "s4"], ZoneSnapshotReader.List(connection, zone, [SnapshotScope.Root], null).Select(s => s.Name));
        Assert.Contains($"{bed.Data(zone)}@admin", bed.Zfs("list", "-H", "-o", "name", "-t", "snapshot", "-r", bed.Data(zone)), StringComparison.Ordinal);

        var viaVmadm = ZoneSnapshotRemovalPlanner.Plan(connection, plain, "p1", null, force: false);
        Assert.Equal(["vmadm", "delete-snapshot"], new[] { viaVmadm.Plan.Steps[0].Command.Program, viaVmadm.Plan.Steps[0].Command.Arguments[0] });
        ZoneSnapshotRemovalApplier.Apply(connection, viaVmadm);
        Assert.Empty(bed.Vm(plain)["snapshots"]!.AsArray());
    }

    [TestbedFact]
    public void ReprovisionReplacesTheRootAndKeepsDataLimitsAndLimitPriv()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var oldImage = bed.CreateImage("release", "old image");
        var newImage = bed.CreateImage("release", "new image");
        var zone = bed.CreateZone(imageUuid: oldImage);
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "r1", force: false));
        ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "r2", force: false));
        bed.WithDataMounted(zone, data => File.WriteAllText(Path.Combine(data, "db.txt"), "kept"));
        bed.Zfs("snapshot", bed.Data(zone) + "@admin");
        var dataBefore = bed.Zfs("get", "-H", "-p", "-r", "-o", "name,property,value", "guid", bed.Data(zone));
        var limitsBefore = TestbedFixture.RunOnCn(bed.Cn, "zfs", "get", "-H", "-p", "-o", "property,value", "snapshot_limit,filesystem_limit,quota", bed.Root(zone));

        var plan = ZoneReprovisionPlanner.Plan(connection, zone, Guid.Parse(newImage));
        output.WriteLine(plan.Plan.Describe());
        Assert.Contains("every root snapshot is destroyed with it: vmsnap-r1, vmsnap-r2", plan.Plan.Summary, StringComparison.Ordinal);
        var result = ZoneReprovisionApplier.Apply(connection, plan);

        Assert.Empty(bed.Zfs("list", "-H", "-o", "name", "-t", "snapshot", "-d", "1", bed.Root(zone)).Trim());
        Assert.Equal($"{bed.Cn.Pool}/{newImage}@final", bed.Zfs("get", "-H", "-o", "value", "origin", bed.Root(zone)).Trim());
        Assert.Equal("new image", File.ReadAllText(Path.Combine(bed.MountRootOf(zone), "release")));
        Assert.Equal(dataBefore, bed.Zfs("get", "-H", "-p", "-r", "-o", "name,property,value", "guid", bed.Data(zone)));
        bed.WithDataMounted(zone, data => Assert.Equal("kept", File.ReadAllText(Path.Combine(data, "db.txt"))));
        Assert.Equal(limitsBefore, TestbedFixture.RunOnCn(bed.Cn, "zfs", "get", "-H", "-p", "-o", "property,value", "snapshot_limit,filesystem_limit,quota", bed.Root(zone)));
        Assert.Contains("snapshot_limit\t128", limitsBefore, StringComparison.Ordinal);
        var vm = bed.Vm(zone);
        Assert.Equal("default,-sys_fs_import", vm["limit_priv"]!.GetValue<string>());
        Assert.Equal(newImage, vm["image_uuid"]!.GetValue<string>());
        Assert.Equal(["vmsnap-r1", "vmsnap-r2"], result.DestroyedSnapshots);
        Assert.Equal(1, result.DelegatedSnapshots);
        Assert.Equal(128UL, result.SnapshotLimit);
        Assert.Equal(32UL, result.FilesystemLimit);
        // The running zone: vmadm shut it down itself and booted it at the end; nothing else ran.
        Assert.Equal(["stop:stopped", $"reprovision:{newImage}:stopped", "start:running"], bed.Journal(zone).Where(j => !j.StartsWith("create-snapshot", StringComparison.Ordinal)));
        Assert.Equal("running", result.State);
    }

    [TestbedFact]
    public void ReprovisioningAStoppedZoneEndsWithItStoppedAfterVmadmBootedIt()
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var oldImage = bed.CreateImage("release", "old image");
        var newImage = bed.CreateImage("release", "new image");
        var zone = bed.CreateZone(imageUuid: oldImage);
        bed.Run("vmadm", ["stop", zone]);

        var plan = ZoneReprovisionPlanner.Plan(connection, zone, Guid.Parse(newImage));
        output.WriteLine(plan.Plan.Describe());
        Assert.Contains("vmadm boots it at the end of every reprovision", plan.Plan.Summary, StringComparison.Ordinal);
        var result = ZoneReprovisionApplier.Apply(connection, plan);

        // vmadm booted it at the end of the reprovision (installZone, autoboot true); the module stopped it again.
        Assert.Equal(["stop:stopped", $"reprovision:{newImage}:stopped", "start:running", "stop:stopped"], bed.Journal(zone));
        Assert.Equal("stopped", result.State);
        Assert.Equal("stopped", bed.Vm(zone)["state"]!.GetValue<string>());
        Assert.Equal(newImage, result.ImageUuid);
    }

    public static TheoryData<string> Refusals =>
    [
        "new: bad name", "new: exists", "new: kvm", "restore: unknown snapshot", "remove: delegated", "remove: clones",
        "reprovision: indestructible_zoneroot", "reprovision: image not installed",
    ];

    [TestbedTheory]
    [MemberData(nameof(Refusals))]
    public void EveryRefusalChangesNothing(string refusal)
    {
        using var connection = TestbedFixture.Connect(bed.Cn);
        var zone = bed.CreateZone(brand: refusal == "new: kvm" ? "kvm" : "joyent", delegated: refusal != "new: kvm",
            indestructibleZoneroot: refusal.EndsWith("indestructible_zoneroot", StringComparison.Ordinal));
        if (refusal != "new: kvm")
        {
            ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "exists", force: false));
            bed.Zfs("snapshot", bed.Data(zone) + "@admin");
        }

        var clone = $"{bed.Cn.Pool}/{zone}-clone";
        if (refusal == "remove: clones")
        {
            bed.Zfs("clone", $"{bed.Root(zone)}@vmsnap-exists", clone);
        }

        try
        {
            var before = bed.State();
            Action act = refusal switch
            {
                "new: bad name" => () => ZoneSnapshotCreationPlanner.Plan(connection, zone, "no spaces allowed", force: false),
                "new: exists" => () => ZoneSnapshotCreationPlanner.Plan(connection, zone, "exists", force: false),
                "new: kvm" => () => ZoneSnapshotCreationPlanner.Plan(connection, zone, "x", force: false),
                "restore: unknown snapshot" => () => ZoneSnapshotRestorePlanner.Plan(connection, zone, "never-taken"),
                "remove: delegated" => () => ZoneSnapshotRemovalPlanner.Plan(connection, zone, "admin", bed.Data(zone), force: false),
                "remove: clones" => () => ZoneSnapshotRemovalPlanner.Plan(connection, zone, "exists", null, force: false),
                "reprovision: indestructible_zoneroot" => () => ZoneReprovisionPlanner.Plan(connection, zone, Guid.NewGuid()),
                _ => () => ZoneReprovisionApplier.Apply(connection, ZoneReprovisionPlanner.Plan(connection, zone, Guid.NewGuid())),
            };

            var error = Assert.ThrowsAny<ZoneDelegationException>(act);
            output.WriteLine($"{refusal}: {error.ErrorId}: {error.Message}");
            Assert.Equal(refusal switch
            {
                "new: bad name" => ErrorIds.InvalidSnapshotName,
                "new: exists" => ErrorIds.SnapshotExists,
                "new: kvm" => ErrorIds.SnapshotNotSupported,
                "restore: unknown snapshot" => ErrorIds.SnapshotNotFound,
                "remove: delegated" => ErrorIds.DelegatedSnapshotNotOwned,
                "remove: clones" => ErrorIds.SnapshotHasClones,
                "reprovision: indestructible_zoneroot" => ErrorIds.ReprovisionNotSupported,
                _ => ErrorIds.NativeCommandFailed, // vmadm itself refuses an image that is not installed
            }, error.ErrorId);
            Assert.Equal(before, bed.State());
        }
        finally
        {
            if (refusal == "remove: clones")
            {
                bed.Zfs("destroy", clone);
            }
        }
    }
}

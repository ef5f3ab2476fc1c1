using System.Text.Json;
using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Zfs;

/// <summary>
/// Issue 3 on sandbox CNs: real sshd, real zfs-fuse pools, the SmartOS stand-ins on the smartos CN.
/// Each test makes its own zones (fresh UUIDs) on the shared CNs and removes them afterwards.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class ZfsServicesTests : IDisposable
{
    private const string RealZfs = "/usr/sbin/zfs";
    private const ulong GiB = 1UL << 30;

    private readonly TestbedFixture testbed;
    private readonly ITestOutputHelper output;
    private readonly CleanupSteps cleanup;

    public ZfsServicesTests(TestbedFixture testbed, ITestOutputHelper output)
    {
        this.testbed = testbed;
        this.output = output;
        cleanup = new CleanupSteps(output);
    }

    public void Dispose() => cleanup.Dispose();

    [TestbedFact]
    public void SmartosCnIsSupported()
    {
        using var connection = TestbedFixture.Connect(testbed.Smartos);

        var support = PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault);

        foreach (var check in support.Checks)
        {
            output.WriteLine(check.ToString());
        }

        Assert.True(support.Supported, string.Join(" | ", support.Reasons));
        Assert.Equal(testbed.Smartos.LiveImage, support.LiveImage);
        Assert.Equal(testbed.Smartos.Pool, support.Zpool);
        Assert.Equal(5, support.Checks.Count);
    }

    [TestbedFact]
    public void LegacyCnFailsEveryCheckWithItsReason()
    {
        using var connection = TestbedFixture.Connect(testbed.Legacy);

        var support = PlatformSupportTester.Test(connection, MinimumPlatform.SafeDelegationDefault);

        foreach (var check in support.Checks)
        {
            output.WriteLine(check.ToString());
        }

        Assert.False(support.Supported);
        Assert.All(support.Checks, check => Assert.False(check.Passed, check.Name));
        Assert.Equal(support.Checks.Select(c => c.Reason), support.Reasons);
        Assert.Contains("older than the minimum", support[PlatformCheckNames.PlatformStamp].Reason, StringComparison.Ordinal);
        Assert.Contains("has no filesystem_limits feature", support[PlatformCheckNames.PoolFeature].Reason, StringComparison.Ordinal);
        Assert.Contains("invalid property 'snapshot_limit'", support[PlatformCheckNames.SnapshotLimitProperty].Reason, StringComparison.Ordinal);
        Assert.Contains("ppriv command was not found", support[PlatformCheckNames.PrivilegeKnown].Reason, StringComparison.Ordinal);
        Assert.Contains("vmadm command was not found", support[PlatformCheckNames.VmadmPresent].Reason, StringComparison.Ordinal);
    }

    [TestbedFact]
    public void LegacySnapshotsAreListedWithTheirScopeThroughZfsGet()
    {
        var cn = testbed.Legacy;
        using var connection = TestbedFixture.Connect(cn);
        Assert.False(ComputeNodeProbe.Get(connection).SupportsParsableList);

        AssertSnapshotScopes(cn, connection);
    }

    [TestbedFact]
    public void SmartosSnapshotsAreListedWithTheirScopeThroughZfsListP()
    {
        var cn = testbed.Smartos;
        using var connection = TestbedFixture.Connect(cn);
        Assert.True(ComputeNodeProbe.Get(connection).SupportsParsableList);

        AssertSnapshotScopes(cn, connection);
    }

    [TestbedFact]
    public void AZoneThatDoesNotExistIsZoneNotFound()
    {
        using var connection = TestbedFixture.Connect(testbed.Smartos);
        var zone = ZoneUuid.Parse(Guid.NewGuid().ToString());

        var listing = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotReader.List(connection, zone, [], null).ToList());
        var limits = Assert.Throws<ZoneDelegationException>(() => DatasetLimitReader.Read(connection, zone));

        Assert.Equal(ErrorIds.ZoneNotFound, listing.ErrorId);
        Assert.Equal(ErrorIds.ZoneNotFound, limits.ErrorId);
        Assert.Equal(zone.Value, listing.Target);
    }

    [TestbedFact]
    public void VmadmZoneLimitsAreSetClearedAndReRead()
    {
        var cn = testbed.Smartos;
        var zone = CreateVmadmZone(cn);
        using var connection = TestbedFixture.Connect(cn);
        var request = new DatasetLimitRequest(zone)
        {
            SnapshotLimit = LimitSetting.Set(10),
            FilesystemLimit = LimitSetting.Set(4),
            Quota = LimitSetting.Set(2 * GiB),
        };

        var plan = DatasetLimitPlanner.Plan(connection, request);
        output.WriteLine(plan.Plan.Describe());
        var step = Assert.Single(plan.Plan.Steps);
        Assert.Equal(["update", zone.Value], step.Command.Arguments);

        var after = DatasetLimitApplier.Apply(connection, plan);

        Assert.Equal(10UL, after.SnapshotLimit);
        Assert.Equal(4UL, after.FilesystemLimit);
        Assert.Equal(2 * GiB, after.Quota);
        Assert.Equal(0UL, after.SnapshotCount);
        Assert.Equal(1UL, after.FilesystemCount); // the delegated dataset
        Assert.True(after.LimitsSupported);
        using (var vm = JsonDocument.Parse(TestbedFixture.RunOnCn(cn, "vmadm", "get", zone.Value)))
        {
            Assert.Equal(10, vm.RootElement.GetProperty("zfs_snapshot_limit").GetInt32());
            Assert.Equal(2, vm.RootElement.GetProperty("quota").GetInt32());
        }

        // The same request again is a no-op.
        Assert.True(DatasetLimitPlanner.Plan(connection, request).Plan.IsEmpty);

        var cleared = DatasetLimitApplier.Apply(connection, DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(zone)
        {
            SnapshotLimit = LimitSetting.Clear,
            FilesystemLimit = LimitSetting.Clear,
            Quota = LimitSetting.Clear,
        }));

        Assert.Null(cleared.SnapshotLimit);
        Assert.Null(cleared.FilesystemLimit);
        Assert.Null(cleared.Quota);
        // illumos keeps the counts once a limit has been set (dsl_dir_init_fs_ss_count), even after it is cleared.
        Assert.Equal(0UL, cleared.SnapshotCount);
        Assert.Equal(cleared, DatasetLimitReader.Read(connection, zone));
    }

    [TestbedFact]
    public void WithoutVmadmLimitsAreSetWithZfsSet()
    {
        var cn = testbed.Smartos;
        var zone = CreateZfsZone(cn);
        using var connection = ConnectWithoutVmadm(cn);
        Assert.False(ComputeNodeProbe.Get(connection).HasVmadm);

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(zone)
        {
            SnapshotLimit = LimitSetting.Set(3),
            Quota = LimitSetting.Set(100 * 1024 * 1024),
        });
        output.WriteLine(plan.Plan.Describe());
        Assert.All(plan.Plan.Steps, step => Assert.Equal("set", step.Command.Arguments[0]));

        var after = DatasetLimitApplier.Apply(connection, plan);

        Assert.Equal(3UL, after.SnapshotLimit);
        Assert.Null(after.FilesystemLimit);
        Assert.Equal(100UL * 1024 * 1024, after.Quota);
        Assert.Equal(2UL, after.SnapshotCount); // the two snapshots CreateZfsZone made

        var cleared = DatasetLimitApplier.Apply(connection, DatasetLimitPlanner.Plan(connection,
            new DatasetLimitRequest(zone) { SnapshotLimit = LimitSetting.Clear, Quota = LimitSetting.Clear }));
        Assert.Null(cleared.SnapshotLimit);
        Assert.Null(cleared.Quota);
    }

    [TestbedFact]
    public void LimitsOnLegacyAreRefusedAndNothingChanges()
    {
        var cn = testbed.Legacy;
        var zone = CreateZfsZone(cn);
        using var connection = TestbedFixture.Connect(cn);
        var root = $"{cn.Pool}/{zone}";
        var before = TestbedFixture.RunOnCn(cn, RealZfs, "get", "-H", "-p", "-o", "name,property,value,source", "all", root);

        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitPlanner.Plan(connection,
            new DatasetLimitRequest(zone) { SnapshotLimit = LimitSetting.Set(5), Quota = LimitSetting.Set(GiB) }));

        output.WriteLine(error.Message);
        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
        Assert.Contains("has no filesystem_limits feature", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, TestbedFixture.RunOnCn(cn, RealZfs, "get", "-H", "-p", "-o", "name,property,value,source", "all", root));

        // A quota alone is fine on this platform, through zfs set.
        var limit = DatasetLimitApplier.Apply(connection, DatasetLimitPlanner.Plan(connection,
            new DatasetLimitRequest(zone) { Quota = LimitSetting.Set(GiB) }));
        Assert.False(limit.LimitsSupported);
        Assert.Equal(GiB, limit.Quota);
    }

    private void AssertSnapshotScopes(TestbedCn cn, ComputeNodeConnection connection)
    {
        var zone = CreateZfsZone(cn);
        var root = $"{cn.Pool}/{zone}";
        TestbedFixture.RunOnCn(cn, RealZfs, "create", $"{root}/data/db");
        TestbedFixture.RunOnCn(cn, RealZfs, "create", $"{root}/cores");
        TestbedFixture.RunOnCn(cn, RealZfs, "snapshot", $"{root}/data/db@daily-2");
        TestbedFixture.RunOnCn(cn, RealZfs, "snapshot", $"{root}/cores@other");

        var all = ZoneSnapshotReader.List(connection, zone, [], null).ToList();
        foreach (var snapshot in all)
        {
            output.WriteLine($"{snapshot.FullName} {snapshot.Scope} {snapshot.Created:O} used={snapshot.Used} referenced={snapshot.Referenced}");
        }

        Assert.Equal(
            new[]
            {
                ($"{root}@machine-1", SnapshotScope.Root),
                ($"{root}/cores@other", SnapshotScope.Other),
                ($"{root}/data@daily-1", SnapshotScope.Delegated),
                ($"{root}/data/db@daily-2", SnapshotScope.Delegated),
            }.OrderBy(s => s.Item1, StringComparer.Ordinal),
            all.Select(s => (s.FullName, s.ScopeValue)).OrderBy(s => s.FullName, StringComparer.Ordinal));
        Assert.All(all, s => Assert.Equal(cn.Name, s.ComputeNode));
        Assert.All(all, s => Assert.Equal(zone.Value, s.Zone));
        Assert.All(all, s => Assert.InRange(s.Created, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.All(all, s => Assert.True(s.Referenced > 0, s.FullName));

        var delegated = ZoneSnapshotReader.List(connection, zone.Value, [SnapshotScope.Delegated], "daily-*").Select(s => s.Name).Order().ToList();
        Assert.Equal(["daily-1", "daily-2"], delegated);
        Assert.Equal(["machine-1"], ZoneSnapshotReader.List(connection, zone, [SnapshotScope.Root], null).Select(s => s.Name));
    }

    /// <summary>
    /// A zone root and its delegated dataset, each with one snapshot: made with the real zfs on a CN without
    /// vmadm, with the vmadm stand-in where there is one (vmadm then says where the zone root is).
    /// </summary>
    private ZoneUuid CreateZfsZone(TestbedCn cn)
    {
        if (cn.Platform == "smartos")
        {
            var vm = CreateVmadmZone(cn);
            TestbedFixture.RunOnCn(cn, RealZfs, "snapshot", $"{cn.Pool}/{vm}@machine-1");
            TestbedFixture.RunOnCn(cn, RealZfs, "snapshot", $"{cn.Pool}/{vm}/data@daily-1");
            return vm;
        }

        var zone = ZoneUuid.Parse(Guid.NewGuid().ToString());
        var root = $"{cn.Pool}/{zone}";
        TestbedFixture.RunOnCn(cn, RealZfs, "create", root);
        cleanup.Add(() => TestbedFixture.RunOnCn(cn, RealZfs, "destroy", "-r", root));
        TestbedFixture.RunOnCn(cn, RealZfs, "create", $"{root}/data");
        TestbedFixture.RunOnCn(cn, RealZfs, "snapshot", $"{root}@machine-1");
        TestbedFixture.RunOnCn(cn, RealZfs, "snapshot", $"{root}/data@daily-1");
        return zone;
    }

    /// <summary>A joyent zone with a delegated dataset, made by the vmadm stand-in from a payload on stdin.</summary>
    private ZoneUuid CreateVmadmZone(TestbedCn cn)
    {
        var zone = ZoneUuid.Parse(Guid.NewGuid().ToString());
        using var transport = new LocalTransport(cn.Name, cn.Environment, TimeSpan.FromSeconds(60));
        var payload = $$"""{"brand":"joyent","uuid":"{{zone}}","alias":"limits-it","delegate_dataset":true}""";
        transport.Run(new NativeCommand("vmadm", "create") { StandardInput = payload });
        cleanup.Add(() => TestbedFixture.RunOnCn(cn, "vmadm", "delete", zone.Value));
        return zone;
    }

    /// <summary>
    /// A local connection to the smartos CN whose PATH has every stand-in but vmadm: the zfs set path
    /// of Set-DatasetLimit, on the same pool and zfs stand-in.
    /// </summary>
    private ComputeNodeConnection ConnectWithoutVmadm(TestbedCn cn)
    {
        var bin = Directory.CreateTempSubdirectory("zd-novmadm-");
        cleanup.Add(() => bin.Delete(recursive: true));
        foreach (var program in Directory.EnumerateFileSystemEntries(Path.Combine(cn.Directory, "bin")))
        {
            if (Path.GetFileName(program) != "vmadm")
            {
                File.CreateSymbolicLink(Path.Combine(bin.FullName, Path.GetFileName(program)), program);
            }
        }

        var environment = new Dictionary<string, string>(cn.Environment, StringComparer.Ordinal)
        {
            ["PATH"] = $"{bin.FullName}:/usr/sbin:/usr/bin:/sbin:/bin",
        };
        return ComputeNodeConnector.ConnectLocal(cn.Name, environment);
    }
}

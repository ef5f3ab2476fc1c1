using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Zones;

/// <summary>
/// Issue 14 items 4 and 5 on the shared SmartOS sandbox CN (real sshd, real zfs-fuse, vmadm stand-in):
/// a zone created with a payload <c>zpool</c> lives on a second real pool, and a bhyve VM keeps vmadm's
/// quota on its root's refquota. Every zone is made here and deleted after.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class ZoneRootTests : IDisposable
{
    private const string RealZfs = "/usr/sbin/zfs";
    private const ulong GiB = 1UL << 30;

    private readonly TestbedFixture testbed;
    private readonly ITestOutputHelper output;
    private readonly CleanupSteps cleanup;

    public ZoneRootTests(TestbedFixture testbed, ITestOutputHelper output)
    {
        this.testbed = testbed;
        this.output = output;
        cleanup = new CleanupSteps(output);
    }

    public void Dispose() => cleanup.Dispose();

    [TestbedFact]
    public void AZoneOnASecondPoolHasItsLimitsReadAndSetAndItsSnapshotsListedAndTaken()
    {
        var cn = testbed.Smartos;
        var second = testbed.SmartosSecondPool;
        var zone = CreateZone(new JsonObject { ["brand"] = "joyent", ["zpool"] = second, ["delegate_dataset"] = true, ["zfs_snapshot_limit"] = 128, ["quota"] = 2 });
        var mainPoolZone = CreateZone(new JsonObject { ["brand"] = "joyent", ["zfs_snapshot_limit"] = 100 });
        var root = $"{second}/{zone}";
        Assert.Equal(root, RealZfs_("list", "-H", "-o", "name", root).Trim());
        using var connection = TestbedFixture.Connect(cn);
        var uuid = ZoneUuid.Parse(zone);

        var before = DatasetLimitReader.Read(connection, uuid);
        Assert.Equal(root, before.Dataset);
        Assert.Equal(128UL, before.SnapshotLimit);
        Assert.Equal(2 * GiB, before.Quota);

        var after = DatasetLimitApplier.Apply(connection, DatasetLimitPlanner.Plan(connection,
            new DatasetLimitRequest(uuid) { SnapshotLimit = LimitSetting.Set(64), Quota = LimitSetting.Set(3 * GiB) }));
        Assert.Equal(64UL, after.SnapshotLimit);
        Assert.Equal(3 * GiB, after.Quota);
        Assert.Equal((3 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            RealZfs_("get", "-H", "-p", "-o", "value", "quota", root).Trim());

        // Many zones of the CN on both pools: one lookup and one zfs get, each root where vmadm says it is.
        var both = DatasetLimitReader.ReadMany(connection, [uuid, ZoneUuid.Parse(mainPoolZone)]).Cast<DatasetLimit>().ToList();
        Assert.Equal([root, $"{cn.Pool}/{mainPoolZone}"], both.Select(l => l.Dataset));
        Assert.Equal([64UL, 100UL], both.Select(l => l.SnapshotLimit!.Value));

        var created = ZoneSnapshotCreationApplier.Apply(connection, ZoneSnapshotCreationPlanner.Plan(connection, zone, "on-second-pool", force: false));
        Assert.Equal(root, created.Covers);
        Assert.Equal([root + "/data"], created.Excludes);
        var snapshots = ZoneSnapshotReader.List(connection, zone, [SnapshotScope.Root], null).ToList();
        Assert.Equal([$"{root}@vmsnap-on-second-pool"], snapshots.Select(s => s.FullName));

        // The audit reads the zone root's counts from ZFS on the second pool too: at its limit, it says so.
        DatasetLimitApplier.Apply(connection, DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(uuid) { SnapshotLimit = LimitSetting.Set(1) }));
        var audit = ZoneComplianceAuditor.Audit(connection, DelegationPolicy.Default, [uuid]).ToList();
        var record = Assert.IsType<ZoneCompliance>(Assert.Single(audit));
        output.WriteLine(string.Join("; ", record.Findings.Select(f => $"{f.Code} {f.Observed}")));
        Assert.Contains(record.Findings, f => f.CodeValue == SafetyFindingCode.SnapshotLimitReached && f.Observed == "1");
    }

    [TestbedFact]
    public void ABhyveVmsQuotaIsReadAndSetOnRefquotaAndCannotBeCleared()
    {
        var cn = testbed.Smartos;
        // flexible_disk_size (MiB) makes vmadm's computed quota differ from refquota even without volumes.
        var zone = CreateZone(new JsonObject { ["brand"] = "bhyve", ["quota"] = 3, ["flexible_disk_size"] = 10240 });
        var root = $"{cn.Pool}/{zone}";
        Assert.Equal(13 * GiB, ulong.Parse(RealZfs_("get", "-H", "-p", "-o", "value", "quota", root).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        using var connection = TestbedFixture.Connect(cn);
        var uuid = ZoneUuid.Parse(zone);

        var before = DatasetLimitReader.Read(connection, uuid);
        Assert.Equal(3 * GiB, before.Quota);
        Assert.Equal("refquota", before.QuotaProperty);

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(uuid) { Quota = LimitSetting.Set(5 * GiB) });
        Assert.Equal("{\"quota\":5}\n", Assert.Single(plan.Plan.Steps).Command.StandardInput);
        var after = DatasetLimitApplier.Apply(connection, plan);
        Assert.Equal(5 * GiB, after.Quota);
        Assert.Equal(15 * GiB, ulong.Parse(RealZfs_("get", "-H", "-p", "-o", "value", "quota", root).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5, JsonNode.Parse(Run("vmadm", ["get", zone]))!["quota"]!.GetValue<int>());

        var error = Assert.Throws<ZoneDelegationException>(() =>
            DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(uuid) { Quota = LimitSetting.Clear }));
        Assert.Equal(ErrorIds.InvalidLimitValue, error.ErrorId);
        Assert.Equal(5 * GiB, DatasetLimitReader.Read(connection, uuid).Quota);
    }

    private string CreateZone(JsonObject payload)
    {
        var uuid = Guid.NewGuid().ToString("D");
        payload["uuid"] = uuid;
        payload["alias"] = "it-zoneroot";
        Run("vmadm", ["create"], payload.ToJsonString());
        cleanup.Add(() => Run("vmadm", ["delete", uuid]));
        return uuid;
    }

    private string RealZfs_(params string[] arguments) => TestbedFixture.RunOnCn(testbed.Smartos, RealZfs, arguments);

    private string Run(string program, IReadOnlyList<string> arguments, string? stdin = null)
    {
        using var transport = new LocalTransport(testbed.Smartos.Name, testbed.Smartos.Environment, TimeSpan.FromSeconds(60));
        return transport.Run(new NativeCommand(program, arguments) { StandardInput = stdin }).StandardOutput;
    }
}

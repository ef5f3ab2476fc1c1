using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Zones;

/// <summary>
/// Issue 4's New-SafeZone / Get-SafeZone services on sandbox CNs: a real sshd, the real zfs-fuse pool and
/// the vmadm stand-in. Policies are objects built here; no policy file is read or written.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class SafeZoneTests : IDisposable
{
    private readonly TestbedFixture testbed;
    private readonly List<(TestbedCn Cn, string Uuid)> created = [];

    // A per-test owner and alias prefix, so filters never meet zones other tests left on the shared CN.
    private readonly Guid owner = Guid.NewGuid();
    private readonly string aliasPrefix = "it-" + Guid.NewGuid().ToString("N")[..8];

    public SafeZoneTests(TestbedFixture testbed) => this.testbed = testbed;

    public void Dispose()
    {
        foreach (var (cn, uuid) in created)
        {
            try
            {
                TestbedFixture.RunOnCn(cn, "vmadm", "delete", uuid);
            }
            catch (ZoneDelegationException)
            {
                // Already gone (a test deleted it), or the CN was stopped.
            }
        }
    }

    [TestbedFact]
    public void ASafeZoneIsCreatedAndReadBackSafe()
    {
        var cn = testbed.Smartos;
        using var connection = TestbedFixture.Connect(cn);

        var plan = SafeZoneCreator.Plan(connection, Payload("safe", "db"), DelegationPolicy.Default);
        Remember(cn, plan);
        var zone = SafeZoneCreator.Apply(connection, plan, DelegationPolicy.Default);

        var root = $"{cn.Pool}/{plan.Uuid.Value}";
        Assert.Equal(plan.Uuid.Value, zone.Uuid);
        Assert.Equal(cn.Name, zone.ComputeNode);
        Assert.Equal(root, zone.ZoneRootDataset);
        Assert.Equal([root + "/data"], zone.DelegatedDatasets);
        Assert.True(zone.DataZoned);
        Assert.Equal(128UL, zone.SnapshotLimit);
        Assert.Equal(32UL, zone.FilesystemLimit);
        Assert.Equal("default,-sys_fs_import", zone.LimitPriv);
        Assert.False(zone.ReceiveAllowed);
        Assert.True(zone.IsSafe, string.Join("; ", zone.Findings));
        Assert.True(plan.Platform!.Supported);

        // Seen independently of the module: ZFS itself and vmadm's own record.
        Assert.Equal("on\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-o", "value", "zoned", root + "/data"));
        Assert.Equal("128\n32\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-p", "-o", "value", "snapshot_limit,filesystem_limit", root));
        var vm = JsonNode.Parse(TestbedFixture.RunOnCn(cn, "vmadm", "get", plan.Uuid.Value))!.AsObject();
        Assert.Equal("default,-sys_fs_import", vm["limit_priv"]!.GetValue<string>());
        Assert.Equal(owner.ToString("D"), vm["owner_uuid"]!.GetValue<string>());
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "disabled", ErrorIds.SafeDelegationDisabled },
        { "owner", ErrorIds.OwnerNotAllowed },
        { "privilege", ErrorIds.UnsafePrivilegeRequested },
        { "brand", ErrorIds.BrandCannotDelegate },
    };

    [TestbedTheory]
    [MemberData(nameof(Refusals))]
    public void ARefusedRequestChangesNothingOnTheCn(string kind, string errorId)
    {
        var cn = testbed.Smartos;
        using var connection = TestbedFixture.Connect(cn);
        var payload = Payload("safe", "refused");
        var policy = DelegationPolicy.Default;
        switch (kind)
        {
            case "disabled":
                policy = policy with { Enabled = false };
                break;
            case "owner":
                policy = policy with { AllowedOwners = [Guid.NewGuid()] };
                break;
            case "privilege":
                payload["limit_priv"] = "default,+sys_fs_import";
                break;
            case "brand":
                payload["brand"] = "bhyve";
                break;
        }

        var before = State(cn);
        var error = Assert.ThrowsAny<ZoneDelegationException>(() => SafeZoneCreator.Plan(connection, payload, policy));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(before, State(cn));
    }

    [TestbedFact]
    public void ALegacyCnIsRefusedWithItsReasonsAndNothingChanges()
    {
        var cn = testbed.Legacy;
        using var connection = TestbedFixture.Connect(cn);
        var datasetsBefore = Datasets(cn);

        var error = Assert.ThrowsAny<ZoneDelegationException>(() =>
            SafeZoneCreator.Plan(connection, Payload("safe", "legacy"), DelegationPolicy.Default));

        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
        var support = PlatformSupportTester.Test(connection, MinimumPlatform.ForAnyVersion(DelegationPolicy.Default.MinimumPlatform));
        Assert.True(support.Reasons.Count >= 2, string.Join(" | ", support.Reasons));
        Assert.All(support.Reasons, reason => Assert.Contains(reason, error.Message, StringComparison.Ordinal));
        Assert.Equal(datasetsBefore, Datasets(cn));
    }

    [TestbedFact]
    public void PlanningAloneRunsNothing()
    {
        var cn = testbed.Smartos;
        using var connection = TestbedFixture.Connect(cn);
        var before = State(cn);

        var plan = SafeZoneCreator.Plan(connection, Payload("safe", "whatif"), DelegationPolicy.Default);

        Assert.Equal(before, State(cn));
        Assert.Contains("'vmadm' 'create' < (stdin payload)", plan.Plan.Describe(), StringComparison.Ordinal);
        Assert.Contains($"{cn.Pool}/{plan.Uuid.Value}/data", plan.Plan.Describe(), StringComparison.Ordinal);
        Assert.Throws<ZoneDelegationException>(() => SafeZoneReader.Get(connection, plan.Uuid, DelegationPolicy.Default));
    }

    [TestbedFact]
    public void ZonesAreListedJudgedAndFiltered()
    {
        var cn = testbed.Smartos;
        using var connection = TestbedFixture.Connect(cn);
        var safe = Create(connection, cn, Payload("safe", "safe"));
        var plain = Create(connection, cn, Payload(true, "plain"));
        var bare = Create(connection, cn, Payload(null, "bare"));

        var mine = new SafeZoneFilter { OwnerUuid = owner };
        var zones = SafeZoneReader.List(connection, mine, DelegationPolicy.Default).Cast<SafeZone>().ToDictionary(z => z.Uuid);
        Assert.Equal(new[] { safe, plain, bare }.Order(), zones.Keys.Order());

        Assert.True(zones[safe].IsSafe);
        Assert.Equal(128UL, zones[safe].SnapshotLimit);
        Assert.Equal($"{aliasPrefix}-safe", zones[safe].Alias);
        Assert.Equal("running", zones[safe].State);
        Assert.Equal(owner.ToString("D"), zones[safe].OwnerUuid);

        // A plain delegate_dataset: true zone is listed, and is not safe, with its findings.
        var plainZone = zones[plain];
        Assert.False(plainZone.IsSafe);
        Assert.True(plainZone.ReceiveAllowed);
        Assert.Equal([$"{cn.Pool}/{plain}/data"], plainZone.DelegatedDatasets);
        Assert.Equal(
            [SafetyFindingCode.ReceiveAllowed, SafetyFindingCode.SnapshotLimitMissing, SafetyFindingCode.FilesystemLimitMissing],
            plainZone.Findings.Select(f => f.Code));
        Assert.Equal(SafetyFindingCode.NotDelegated, Assert.Single(zones[bare].Findings).Code);

        Assert.Equal(new[] { safe, plain }.Order(),
            SafeZoneReader.List(connection, mine with { DelegatedOnly = true }, DelegationPolicy.Default).Cast<SafeZone>().Select(z => z.Uuid).Order());
        Assert.Equal([plain],
            SafeZoneReader.List(connection, mine with { AliasMatches = a => a.EndsWith("-plain", StringComparison.Ordinal) }, DelegationPolicy.Default).Cast<SafeZone>()
                .Select(z => z.Uuid));
        Assert.Equal([bare],
            SafeZoneReader.List(connection, new SafeZoneFilter { Uuid = ZoneUuid.Parse(bare) }, DelegationPolicy.Default).Cast<SafeZone>().Select(z => z.Uuid));
        Assert.Empty(SafeZoneReader.List(connection, new SafeZoneFilter { OwnerUuid = Guid.NewGuid() }, DelegationPolicy.Default).Cast<SafeZone>());

        var got = SafeZoneReader.Get(connection, ZoneUuid.Parse(plain), DelegationPolicy.Default);
        Assert.Equal(plainZone.Findings.Select(f => f.Code), got.Findings.Select(f => f.Code));
        var missing = Assert.Throws<ZoneDelegationException>(() =>
            SafeZoneReader.Get(connection, ZoneUuid.Parse(Guid.NewGuid().ToString("D")), DelegationPolicy.Default));
        Assert.Equal(ErrorIds.ZoneNotFound, missing.ErrorId);
    }

    [TestbedFact]
    public void AReadBackThatDiffersFromThePlanFailsAndLeavesTheZone()
    {
        var cn = testbed.Smartos;
        using var ssh = TestbedFixture.Connect(cn);
        var plan = SafeZoneCreator.Plan(ssh, Payload("safe", "drift"), DelegationPolicy.Default);
        Remember(cn, plan);
        var root = plan.ZoneRootDataset.Value;

        // Someone changes the zone between create and read-back (as a platform that ignored the limit would).
        var drifting = new ComputeNodeConnection(cn.Name, ConnectionKind.Ssh, new AfterCreateTransport(ssh.Transport,
            new NativeCommand("zfs", "set", "snapshot_limit=7", root), new NativeCommand("zfs", "set", "zoned=off", root + "/data")));

        var error = Assert.Throws<SafeZoneVerificationException>(() => SafeZoneCreator.Apply(drifting, plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.SafeZoneVerificationFailed, error.ErrorId);
        Assert.Equal(plan.Uuid.Value, error.Target);
        Assert.Equal(2, error.Differences.Count);
        Assert.Contains(error.Differences, d => d.Planned == "128" && d.ReadBack == "7");
        Assert.Contains(error.Differences, d => d.Property.StartsWith("zoned", StringComparison.Ordinal) && d.ReadBack == "off");
        Assert.Contains("left in place", error.Message, StringComparison.Ordinal);
        Assert.Equal(7UL, error.Zone!.SnapshotLimit);

        // The zone is still there for the operator.
        Assert.Equal(plan.Uuid.Value, SafeZoneReader.Get(ssh, plan.Uuid, DelegationPolicy.Default).Uuid);
    }

    private string Create(ComputeNodeConnection connection, TestbedCn cn, JsonObject payload)
    {
        var plan = SafeZoneCreator.Plan(connection, payload, DelegationPolicy.Default);
        Remember(cn, plan);
        return SafeZoneCreator.Apply(connection, plan, DelegationPolicy.Default).Uuid;
    }

    private void Remember(TestbedCn cn, SafeZonePlan plan) => created.Add((cn, plan.Uuid.Value));

    private JsonObject Payload(object? delegateDataset, string alias, string? uuid = null, long? snapshotLimit = null)
    {
        var payload = new JsonObject
        {
            ["brand"] = "joyent",
            ["alias"] = $"{aliasPrefix}-{alias}",
            ["owner_uuid"] = owner.ToString("D"),
            ["max_physical_memory"] = 256,
        };
        switch (delegateDataset)
        {
            case string text:
                payload["delegate_dataset"] = text;
                break;
            case bool flag:
                payload["delegate_dataset"] = flag;
                break;
        }

        if (uuid is not null)
        {
            payload["uuid"] = uuid;
        }

        if (snapshotLimit is not null)
        {
            payload["zfs_snapshot_limit"] = snapshotLimit;
        }

        return payload;
    }

    private static string Datasets(TestbedCn cn) => TestbedFixture.RunOnCn(cn, "zfs", "list", "-H", "-o", "name", "-r", cn.Pool);

    /// <summary>The CN's datasets and vmadm's VM list, byte for byte.</summary>
    private static string State(TestbedCn cn) => Datasets(cn) + "\n--\n" + TestbedFixture.RunOnCn(cn, "vmadm", "list", "-p");
}

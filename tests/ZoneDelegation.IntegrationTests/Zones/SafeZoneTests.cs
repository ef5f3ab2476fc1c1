using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.IntegrationTests.Snapshots;
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

    /// <summary>
    /// Issue 14 item 1: the vmadm stand-in, like VM.js createDelegatedDataset, makes /data without zoned, and
    /// zoneadmd sets it at boot. New-SafeZone checks what create sets, boots, then checks what the boot set.
    /// </summary>
    [TestbedFact]
    public void ASafeZoneIsVerifiedBeforeItsFirstBootBootedAndVerifiedAgain()
    {
        var cn = testbed.Smartos;
        using var ssh = TestbedFixture.Connect(cn);
        using var bed = new ZoneLifecycleTestbed(cn);
        var plan = SafeZoneCreationPlanner.Plan(ssh, Payload("safe", "db"), DelegationPolicy.Default);
        Remember(cn, plan);
        var root = $"{cn.Pool}/{plan.Uuid.Value}";

        // What the CN looks like at the moment the module boots the zone.
        string? zonedAtBoot = null;
        string? stateAtBoot = null;
        var watched = new ComputeNodeConnection(cn.Name, ConnectionKind.Ssh, CommandHookTransport.Vmadm(ssh.Transport, "start", before: transport =>
        {
            zonedAtBoot = transport.Run(new NativeCommand("zfs", "get", "-H", "-o", "value,source", "zoned", root + "/data")).StandardOutput;
            stateAtBoot = JsonNode.Parse(transport.Run(new NativeCommand("vmadm", "get", plan.Uuid.Value)).StandardOutput)!["state"]!.GetValue<string>();
        }));
        var zone = SafeZoneCreationApplier.Apply(watched, plan, DelegationPolicy.Default);

        Assert.Equal("off\tdefault\n", zonedAtBoot);
        Assert.Equal("stopped", stateAtBoot);
        Assert.Equal(plan.Uuid.Value, zone.Uuid);
        Assert.Equal(cn.Name, zone.ComputeNode);
        Assert.Equal("running", zone.State);
        Assert.Equal(root, zone.ZoneRootDataset);
        Assert.Equal([root + "/data"], zone.DelegatedDatasets);
        Assert.True(zone.DataZoned);
        Assert.Equal(128UL, zone.SnapshotLimit);
        Assert.Equal(32UL, zone.FilesystemLimit);
        Assert.Equal("default,-sys_fs_import", zone.LimitPriv);
        Assert.False(zone.ReceiveAllowed);
        Assert.True(zone.IsSafe, string.Join("; ", zone.Findings));
        Assert.True(plan.Platform!.Supported);

        // Seen independently of the module: ZFS itself and vmadm's own record; booted once.
        Assert.Equal("on\tlocal\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-o", "value,source", "zoned", root + "/data"));
        Assert.Equal("128\n32\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-p", "-o", "value", "snapshot_limit,filesystem_limit", root));
        var vm = JsonNode.Parse(TestbedFixture.RunOnCn(cn, "vmadm", "get", plan.Uuid.Value))!.AsObject();
        Assert.Equal("default,-sys_fs_import", vm["limit_priv"]!.GetValue<string>());
        Assert.Equal(owner.ToString("D"), vm["owner_uuid"]!.GetValue<string>());
        Assert.Equal("running", vm["state"]!.GetValue<string>());
        Assert.True(vm["autoboot"]!.GetValue<bool>());
        Assert.Equal(["start:running"], bed.Journal(plan.Uuid.Value));
    }

    /// <summary>Issue 14 item 1: a zone that fails a check before its first boot is never booted, and the error says so.</summary>
    [TestbedFact]
    public void AZoneThatFailsTheChecksBeforeItsFirstBootIsNeverBooted()
    {
        var cn = testbed.Smartos;
        using var ssh = TestbedFixture.Connect(cn);
        using var bed = new ZoneLifecycleTestbed(cn);
        var plan = SafeZoneCreationPlanner.Plan(ssh, Payload("safe", "drift"), DelegationPolicy.Default);
        Remember(cn, plan);
        var root = plan.ZoneRootDataset.Value;

        // Someone changes the zone between create and read-back (as a platform that ignored the limit would).
        var drifting = new ComputeNodeConnection(cn.Name, ConnectionKind.Ssh, CommandHookTransport.Vmadm(ssh.Transport, "create",
            after: transport => transport.Run(new NativeCommand("zfs", "set", "snapshot_limit=7", root))));

        var error = Assert.Throws<SafeZoneVerificationException>(() => SafeZoneCreationApplier.Apply(drifting, plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.SafeZoneVerificationFailed, error.ErrorId);
        Assert.Equal(plan.Uuid.Value, error.Target);
        // Only the drift: zoned is not expected before the first boot.
        var difference = Assert.Single(error.Differences);
        Assert.Equal(("128", "7"), (difference.Planned, difference.ReadBack));
        Assert.Contains("NOT booted", error.Message, StringComparison.Ordinal);
        Assert.Contains("never booted (vmadm state 'stopped')", error.Message, StringComparison.Ordinal);
        Assert.Equal(7UL, error.Zone!.SnapshotLimit);

        // The zone is still there for the operator, never booted: stopped, no start, /data never zoned.
        Assert.Equal("stopped", SafeZoneReader.Get(ssh, plan.Uuid, DelegationPolicy.Default).State);
        Assert.Empty(bed.Journal(plan.Uuid.Value));
        Assert.Equal("off\tdefault\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-o", "value,source", "zoned", root + "/data"));
    }

    /// <summary>Issue 14 item 1: a check of what the boot sets fails after the boot: the error says the zone was booted and runs.</summary>
    [TestbedFact]
    public void ABootThatDidNotZoneTheDatasetFailsSayingTheZoneWasBooted()
    {
        var cn = testbed.Smartos;
        using var ssh = TestbedFixture.Connect(cn);
        var plan = SafeZoneCreationPlanner.Plan(ssh, Payload("safe", "unzoned"), DelegationPolicy.Default);
        Remember(cn, plan);
        var data = plan.ZoneRootDataset.Value + "/data";
        var unzoning = new ComputeNodeConnection(cn.Name, ConnectionKind.Ssh, CommandHookTransport.Vmadm(ssh.Transport, "start",
            after: transport => transport.Run(new NativeCommand("zfs", "set", "zoned=off", data))));

        var error = Assert.Throws<SafeZoneVerificationException>(() => SafeZoneCreationApplier.Apply(unzoning, plan, DelegationPolicy.Default));

        var difference = Assert.Single(error.Differences);
        Assert.Equal(($"zoned ({data})", "on", "off"), (difference.Property, difference.Planned, difference.ReadBack));
        Assert.Contains("was booted", error.Message, StringComparison.Ordinal);
        Assert.Contains("left in place, booted (vmadm state 'running')", error.Message, StringComparison.Ordinal);
        Assert.Contains($"vmadm stop {plan.Uuid.Value}", error.Hint, StringComparison.Ordinal);
        Assert.Equal("running", SafeZoneReader.Get(ssh, plan.Uuid, DelegationPolicy.Default).State);
    }

    /// <summary>Issue 14 item 1: autoboot false: checked as far as a zone that never booted can be; zoned is left to its first boot, with a warning.</summary>
    [TestbedFact]
    public void AutobootFalseIsVerifiedBeforeBootAndLeftStoppedWithoutZoned()
    {
        var cn = testbed.Smartos;
        using var ssh = TestbedFixture.Connect(cn);
        var payload = Payload("safe", "noboot");
        payload["autoboot"] = false;
        var plan = SafeZoneCreationPlanner.Plan(ssh, payload, DelegationPolicy.Default);
        Remember(cn, plan);
        var data = plan.ZoneRootDataset.Value + "/data";

        var zone = SafeZoneCreationApplier.Apply(ssh, plan, DelegationPolicy.Default);

        Assert.Equal("stopped", zone.State);
        Assert.False(zone.DataZoned);
        Assert.True(zone.IsSafe, string.Join("; ", zone.Findings));
        Assert.Contains(plan.Warnings, w => w.Contains($"zoned=on on {data}", StringComparison.Ordinal) && w.Contains("not verified", StringComparison.Ordinal));
        Assert.Equal("off\tdefault\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-o", "value,source", "zoned", data));

        // Its first boot (vmadm start, as the operator would) sets zoned, as zoneadmd does.
        TestbedFixture.RunOnCn(cn, "vmadm", "start", plan.Uuid.Value);
        Assert.Equal("on\tlocal\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-o", "value,source", "zoned", data));
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
        var error = Assert.ThrowsAny<ZoneDelegationException>(() => SafeZoneCreationPlanner.Plan(connection, payload, policy));
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
            SafeZoneCreationPlanner.Plan(connection, Payload("safe", "legacy"), DelegationPolicy.Default));

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

        var plan = SafeZoneCreationPlanner.Plan(connection, Payload("safe", "whatif"), DelegationPolicy.Default);

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
            plainZone.Findings.Select(f => f.CodeValue));
        Assert.Empty(zones[bare].Findings);
        Assert.True(zones[bare].IsSafe);

        Assert.Equal(new[] { safe, plain }.Order(),
            SafeZoneReader.List(connection, mine with { DelegatedOnly = true }, DelegationPolicy.Default).Cast<SafeZone>().Select(z => z.Uuid).Order());
        Assert.Equal([plain],
            SafeZoneReader.List(connection, mine with { AliasMatches = a => a.EndsWith("-plain", StringComparison.Ordinal) }, DelegationPolicy.Default).Cast<SafeZone>()
                .Select(z => z.Uuid));
        Assert.Equal([bare],
            SafeZoneReader.List(connection, new SafeZoneFilter { Uuid = ZoneUuid.Parse(bare) }, DelegationPolicy.Default).Cast<SafeZone>().Select(z => z.Uuid));
        Assert.Empty(SafeZoneReader.List(connection, new SafeZoneFilter { OwnerUuid = Guid.NewGuid() }, DelegationPolicy.Default).Cast<SafeZone>());

        var got = SafeZoneReader.Get(connection, ZoneUuid.Parse(plain), DelegationPolicy.Default);
        Assert.Equal(plainZone.Findings.Select(f => f.CodeValue), got.Findings.Select(f => f.CodeValue));
        var missing = Assert.Throws<ZoneDelegationException>(() =>
            SafeZoneReader.Get(connection, ZoneUuid.Parse(Guid.NewGuid().ToString("D")), DelegationPolicy.Default));
        Assert.Equal(ErrorIds.ZoneNotFound, missing.ErrorId);
    }

    private string Create(ComputeNodeConnection connection, TestbedCn cn, JsonObject payload)
    {
        var plan = SafeZoneCreationPlanner.Plan(connection, payload, DelegationPolicy.Default);
        Remember(cn, plan);
        return SafeZoneCreationApplier.Apply(connection, plan, DelegationPolicy.Default).Uuid;
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

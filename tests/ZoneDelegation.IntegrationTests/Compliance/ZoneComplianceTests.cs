using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Compliance;

/// <summary>
/// Issue 11's audit and repair end to end on sandbox CNs of their own (real sshd, real zfs-fuse pool,
/// vmadm stand-in): zones that break each rule are made with the stand-in vmadm, audited over ssh,
/// planned (the -WhatIf half: nothing changes, by a state diff), repaired, audited again and repaired
/// again (nothing changes).
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class ZoneComplianceTests
{
    private static readonly Guid Allowed = Guid.Parse("2f4c1e0a-1b2c-4d3e-8f40-5a6b7c8d9e01");
    private static readonly Guid Stranger = Guid.Parse("7d1e2f30-4a5b-4c6d-9e7f-8091a2b3c4d5");
    private static readonly DelegationPolicy Policy = DelegationPolicy.Default with { AllowedOwners = [Allowed] };

    private readonly TestbedFixture testbed;

    public ZoneComplianceTests(TestbedFixture testbed) => this.testbed = testbed;

    [TestbedFact]
    public void ZonesThatBreakEachRuleAreAuditedRepairedAndLeftAsTheyAreOnASecondRun()
    {
        var cn = testbed.StartDedicated("cp");
        var old = testbed.StartDedicated("co", liveImage: "20141030T081701Z");
        try
        {
            var safe = Create(cn, "safe", Safe());
            var bare = Create(cn, "bare", new JsonObject { ["brand"] = "joyent" });
            var plain = Create(cn, "plain", new JsonObject { ["brand"] = "joyent", ["delegate_dataset"] = true });
            var above = Create(cn, "above", Safe(snapshotLimit: 1000, filesystemLimit: 100));
            var receive = Create(cn, "receive", Safe(limitPriv: "default"));
            var stranger = Create(cn, "stranger", Safe(owner: Stranger));
            var full = Create(cn, "full", Safe(snapshotLimit: 2));
            TestbedFixture.RunOnCn(cn, "zfs", "snapshot", $"{cn.Pool}/{full}@one");
            TestbedFixture.RunOnCn(cn, "zfs", "snapshot", $"{cn.Pool}/{full}/data@two");
            var oldZone = Create(old, "oldplat", Safe());

            using var ssh = TestbedFixture.Connect(cn);
            using var oldSsh = TestbedFixture.Connect(old);

            // The audit.
            var audit = Audit(ssh);
            Assert.Equal(7, audit.Count);
            Assert.True(audit[safe].Compliant, audit[safe].Reason);
            Assert.True(audit[bare].Compliant);
            Assert.False(audit[bare].IsDelegated);
            Assert.Contains("No delegated dataset", audit[bare].Reason, StringComparison.Ordinal);
            Assert.Equal([SafetyFindingCode.ReceiveAllowed, SafetyFindingCode.SnapshotLimitMissing, SafetyFindingCode.FilesystemLimitMissing], Codes(audit[plain]));
            Assert.Equal([SafetyFindingCode.SnapshotLimitAbovePolicy, SafetyFindingCode.FilesystemLimitAbovePolicy], Codes(audit[above]));
            Assert.Equal("1000", audit[above].Findings[0].Observed);
            Assert.Equal([SafetyFindingCode.ReceiveAllowed], Codes(audit[receive]));
            Assert.Equal([SafetyFindingCode.OwnerNotAllowed], Codes(audit[stranger]));
            Assert.Equal([SafetyFindingCode.SnapshotLimitReached], Codes(audit[full]));
            Assert.Equal("2", audit[full].Findings[0].Observed);
            Assert.False(audit[full].Remediable);
            var oldAudit = Assert.Single(Audit(oldSsh)).Value;
            Assert.Equal(oldZone, oldAudit.Zone);
            Assert.Equal([SafetyFindingCode.PlatformTooOld], Codes(oldAudit));
            Assert.Equal("20141030T081701Z", oldAudit.Findings[0].Observed);

            // Planning (what -WhatIf shows) changes nothing.
            var before = State(cn);
            var data = DataState(cn);
            var plans = Plan(ssh);
            Assert.Equal(before, State(cn));
            Assert.Equal(new[] { above, plain, receive }.Order(), plans.Where(p => !p.IsEmpty).Select(p => p.Zone).Order());
            Assert.All(plans.Where(p => !p.IsEmpty), plan =>
                Assert.Equal([$"LC_ALL=C 'vmadm' 'update' '{plan.Zone}' < (stdin payload)"], plan.Plan.Steps.Select(s => s.Command.CommandLine)));

            // The repair, read back by the module and checked here independently.
            var results = ZoneRepairApplier.Apply(ssh, Policy, plans).Cast<ZoneRepairResult>().ToDictionary(r => r.Zone);
            Assert.Equal(new[] { above, plain, receive }.Order(), results.Keys.Order());
            Assert.All(results.Values, r => Assert.True(r.Changed));
            Assert.True(results[above].After!.Compliant);

            // limit_priv changed on running zones: they keep sys_fs_import until they reboot (issue 17).
            Assert.All(new[] { plain, receive }, zone => Assert.True(results[zone].RestartRequired));
            Assert.All(new[] { plain, receive }, zone => Assert.Equal([SafetyFindingCode.PendingReboot], Codes(results[zone].After!)));
            Assert.Equal("128\n32\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-p", "-o", "value", "snapshot_limit,filesystem_limit", $"{cn.Pool}/{plain}"));
            Assert.Equal("128\n32\n", TestbedFixture.RunOnCn(cn, "zfs", "get", "-H", "-p", "-o", "value", "snapshot_limit,filesystem_limit", $"{cn.Pool}/{above}"));
            Assert.Equal("default,-sys_fs_import", Vm(cn, receive)["limit_priv"]!.GetValue<string>());
            Assert.Equal(data, DataState(cn));

            // A second audit is clean except for what cannot be repaired and the zones pending reboot; a second repair
            // without -Restart changes nothing.
            var second = Audit(ssh);
            Assert.Equal(new[] { full, stranger, plain, receive }.Order(), second.Values.Where(z => !z.Compliant).Select(z => z.Zone).Order());
            Assert.Equal(new[] { plain, receive }.Order(), second.Values.Where(z => z.Remediable).Select(z => z.Zone).Order());
            var after = State(cn);
            var again = Plan(ssh);
            Assert.All(again, plan => Assert.True(plan.IsEmpty));
            Assert.Empty(ZoneRepairApplier.Apply(ssh, Policy, again));
            Assert.Equal(after, State(cn));
        }
        finally
        {
            testbed.Stop(cn);
            testbed.Stop(old);
        }
    }

    [TestbedFact]
    public void RestartRebootsARunningZoneWhoseLimitPrivChanged()
    {
        var cn = testbed.Smartos;
        var zone = Create(cn, "restart", Safe(limitPriv: "default"));
        try
        {
            using var ssh = TestbedFixture.Connect(cn);
            var plans = ZoneRepairPlanner.Plan(ssh, Policy, [Core.Zfs.Names.ZoneUuid.Parse(zone)], restart: true).Cast<ZoneRepairPlan>().ToList();
            Assert.Equal(["update", "reboot"], Assert.Single(plans).Plan.Steps.Select(s => s.Command.Arguments[0]));
            Assert.Null(Vm(cn, zone)["boot_timestamp"]);

            var result = Assert.IsType<ZoneRepairResult>(Assert.Single(ZoneRepairApplier.Apply(ssh, Policy, plans)));

            Assert.True(result.Restarted);
            Assert.False(result.RestartRequired);
            Assert.NotNull(Vm(cn, zone)["boot_timestamp"]);
            Assert.Equal("default,-sys_fs_import", Vm(cn, zone)["limit_priv"]!.GetValue<string>());
        }
        finally
        {
            TestbedFixture.RunOnCn(cn, "vmadm", "delete", zone);
        }
    }

    private static Dictionary<string, ZoneCompliance> Audit(ComputeNodeConnection connection) =>
        ZoneComplianceAuditor.Audit(connection, Policy).Cast<ZoneCompliance>().ToDictionary(z => z.Zone);

    private static List<ZoneRepairPlan> Plan(ComputeNodeConnection connection) =>
        ZoneRepairPlanner.Plan(connection, Policy, null, restart: false).Cast<ZoneRepairPlan>().ToList();

    private static SafetyFindingCode[] Codes(ZoneCompliance zone) => zone.Findings.Select(f => f.CodeValue).ToArray();

    private static JsonObject Safe(long snapshotLimit = 128, long filesystemLimit = 32, string limitPriv = "default,-sys_fs_import", Guid? owner = null) => new()
    {
        ["brand"] = "joyent",
        ["delegate_dataset"] = true,
        ["limit_priv"] = limitPriv,
        ["zfs_snapshot_limit"] = snapshotLimit,
        ["zfs_filesystem_limit"] = filesystemLimit,
        ["owner_uuid"] = (owner ?? Allowed).ToString("D"),
    };

    /// <summary>Creates a zone with the stand-in vmadm on the CN (payload on stdin), as an operator would have.</summary>
    private static string Create(TestbedCn cn, string alias, JsonObject payload)
    {
        var uuid = Guid.NewGuid().ToString("D");
        payload["uuid"] = uuid;
        payload["alias"] = "cmp-" + alias;
        payload["owner_uuid"] ??= Allowed.ToString("D");
        using var transport = new LocalTransport(cn.Name, cn.Environment, TimeSpan.FromSeconds(60));
        transport.Run(new NativeCommand("vmadm", "create") { StandardInput = payload.ToJsonString() });
        return uuid;
    }

    private static JsonObject Vm(TestbedCn cn, string uuid) => JsonNode.Parse(TestbedFixture.RunOnCn(cn, "vmadm", "get", uuid))!.AsObject();

    /// <summary>Every dataset and snapshot of the pool with its limits and quota, and the stand-in vmadm's stored VMs, byte for byte.</summary>
    private static string State(TestbedCn cn)
    {
        var datasets = TestbedFixture.RunOnCn(cn, "zfs", "list", "-H", "-p", "-t", "all", "-r", "-o", "name,snapshot_limit,filesystem_limit,quota", cn.Pool);
        var vmadm = Path.Combine(cn.Environment["ZD_CN_DIR"], "vmadm");
        var vms = Directory.GetFiles(vmadm, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText);
        return datasets + "\n--\n" + string.Join("\n", vms);
    }

    /// <summary>The delegated datasets and their snapshots: what the zones own, which a repair must never touch.</summary>
    private static string DataState(TestbedCn cn) =>
        string.Join("\n", TestbedFixture.RunOnCn(cn, "/usr/sbin/zfs", "get", "-H", "-p", "-r", "-o", "name,property,value", "used,referenced,zoned,creation", cn.Pool)
            .Split('\n').Where(line => line.Split('\t')[0].Split('@')[0].EndsWith("/data", StringComparison.Ordinal)));
}

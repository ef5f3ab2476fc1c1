using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

public sealed class SafeZoneCreatorTests
{
    private const string Owner = "c8ce395b-7508-4101-aea6-dc2a66e48451";
    private const string Uuid = "61316833-2323-4d07-a4be-4a25d76f63a6";

    private static JsonObject SafePayload(string? uuid = null)
    {
        var payload = new JsonObject
        {
            ["brand"] = "joyent",
            ["alias"] = "db1",
            ["owner_uuid"] = Owner,
            ["delegate_dataset"] = "safe",
            ["max_physical_memory"] = 1024,
        };
        if (uuid is not null)
        {
            payload["uuid"] = uuid;
        }

        return payload;
    }

    private static (SafeZonePlan Plan, List<MinimumPlatform> Asked) PlanWithTester(ComputeNodeConnection connection, JsonObject payload,
        DelegationPolicy policy, PlatformSupport? support = null)
    {
        var asked = new List<MinimumPlatform>();
        var plan = SafeZoneCreator.Plan(connection, payload, policy, (c, minimum) =>
        {
            asked.Add(minimum);
            return support ?? PlatformSupportTester.Test(c, minimum);
        });
        return (plan, asked);
    }

    [Fact]
    public void PlanIsVmadmCreateNotBootedWithTheFinalPayloadOnStdinThenStart()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, asked) = PlanWithTester(transport.Connect(), SafePayload(), DelegationPolicy.Default);

        // Issue 8 item 8: created with autoboot false; booted (and autoboot set) only after verification.
        Assert.Equal(3, plan.Plan.Steps.Count);
        var step = plan.Plan.Steps[0];
        Assert.Equal("vmadm", step.Command.Program);
        Assert.Equal(["create"], step.Command.Arguments);
        Assert.DoesNotContain("sys_fs_import", step.Command.CommandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("db1", step.Command.CommandLine, StringComparison.Ordinal);

        var sent = Assert.IsType<JsonObject>(JsonNode.Parse(step.Command.StandardInput!));
        var uuid = sent["uuid"]!.GetValue<string>();
        Assert.True(ZoneUuid.TryParse(uuid, out _));
        var expected = new JsonObject
        {
            ["brand"] = "joyent",
            ["alias"] = "db1",
            ["owner_uuid"] = Owner,
            ["delegate_dataset"] = true,
            ["max_physical_memory"] = 1024,
            ["limit_priv"] = "default,-sys_fs_import",
            ["zfs_snapshot_limit"] = 128,
            ["zfs_filesystem_limit"] = 32,
            ["uuid"] = uuid,
            ["autoboot"] = false,
        };
        Assert.True(JsonNode.DeepEquals(expected, sent), sent.ToJsonString());
        Assert.Equal(["start", uuid], plan.Plan.Steps[1].Command.Arguments);
        Assert.Equal(["update", uuid], plan.Plan.Steps[2].Command.Arguments);
        Assert.Equal("{\"autoboot\":true}", plan.Plan.Steps[2].Command.StandardInput!.Trim());

        Assert.Equal(uuid, plan.Uuid.Value);
        Assert.Equal($"{FakeComputeNodes.Pool}/{uuid}", plan.ZoneRootDataset.Value);
        Assert.True(plan.Platform!.Supported);
        Assert.Equal(DelegationPolicy.DefaultMinimumPlatform, Assert.Single(asked).AnyVersion);
        Assert.Contains($"{FakeComputeNodes.Pool}/{uuid}/data", plan.Plan.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("vmadm create", transport.CommandKeys);
    }

    [Fact]
    public void PlanningRunsOnlyReadOnlyProbes()
    {
        var transport = FakeComputeNodes.Smartos();
        PlanWithTester(transport.Connect(), SafePayload(), DelegationPolicy.Default);

        string[] probes =
        [
            "sysinfo", "vmadm", "zfs list -H -p -o name tank", "zpool get -H -o name,property,value,source feature@filesystem_limits tank",
            "zfs get -H -o property snapshot_limit tank", "ppriv -l sys_fs_import",
        ];
        Assert.Equal(probes.Order(), transport.CommandKeys.Order());
    }

    [Fact]
    public void TheCallersUuidIsKeptInLowerCaseAndTheCallersObjectIsUnchanged()
    {
        var transport = FakeComputeNodes.Smartos();
        var payload = SafePayload(Uuid.ToUpperInvariant());
        var before = payload.ToJsonString();

        var (plan, _) = PlanWithTester(transport.Connect(), payload, DelegationPolicy.Default);

        Assert.Equal(Uuid, plan.Uuid.Value);
        Assert.Equal(Uuid, JsonNode.Parse(plan.Plan.Steps[0].Command.StandardInput!)!["uuid"]!.GetValue<string>());
        Assert.Equal(before, payload.ToJsonString());
    }

    [Fact]
    public void AnInvalidCallerUuidIsRefusedBeforeAnythingRuns()
    {
        var transport = FakeComputeNodes.Smartos();
        var error = Assert.Throws<ZoneDelegationException>(() =>
            PlanWithTester(transport.Connect(), SafePayload("61316833-2323-4d07-a4be-4a25d76f63a6;reboot"), DelegationPolicy.Default));
        Assert.Equal(ErrorIds.InvalidZoneUuid, error.ErrorId);
        Assert.Empty(transport.Commands);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "disabled", ErrorIds.SafeDelegationDisabled },
        { "owner", ErrorIds.OwnerNotAllowed },
        { "privilege", ErrorIds.UnsafePrivilegeRequested },
        { "brand", ErrorIds.BrandCannotDelegate },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RefusalsHappenBeforeAnythingRunsOnTheCn(string kind, string errorId)
    {
        var transport = FakeComputeNodes.Smartos();
        var payload = SafePayload();
        var policy = DelegationPolicy.Default;
        switch (kind)
        {
            case "disabled":
                policy = policy with { Enabled = false };
                break;
            case "owner":
                policy = policy with { AllowedOwners = [Guid.Parse("11111111-1111-1111-1111-111111111111")] };
                break;
            case "privilege":
                payload["limit_priv"] = "default,sys_fs_import";
                break;
            case "brand":
                payload["brand"] = "kvm";
                break;
        }

        var testerCalled = false;
        var error = Assert.Throws<ZoneDelegationException>(() => SafeZoneCreator.Plan(transport.Connect(), payload, policy,
            (c, m) =>
            {
                testerCalled = true;
                return PlatformSupportTester.Test(c, m);
            }));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Empty(transport.Commands);
        Assert.False(testerCalled);
    }

    [Fact]
    public void ALegacyPlatformIsRefusedWithEveryReasonAndNoCreate()
    {
        var transport = FakeComputeNodes.Legacy();
        var reasons = PlatformSupportTester.Test(FakeComputeNodes.Legacy().Connect(),
            MinimumPlatform.ForAnyVersion(DelegationPolicy.DefaultMinimumPlatform)).Reasons;

        var error = Assert.Throws<ZoneDelegationException>(() =>
            SafeZoneCreator.Plan(transport.Connect(), SafePayload(), DelegationPolicy.Default));

        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
        Assert.True(reasons.Count >= 2);
        Assert.All(reasons, reason => Assert.Contains(reason, error.Message, StringComparison.Ordinal));
        Assert.Equal("cn1", error.Target);
        Assert.DoesNotContain("vmadm create", transport.CommandKeys);
    }

    [Fact]
    public void ThePoliciesMinimumPlatformIsTheOneChecked()
    {
        var transport = FakeComputeNodes.Smartos("20240101T000000Z");
        var policy = DelegationPolicy.Default with { MinimumPlatform = PlatformStamp.Parse("20250101T000000Z") };

        var error = Assert.Throws<ZoneDelegationException>(() => SafeZoneCreator.Plan(transport.Connect(), SafePayload(), policy));

        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
        Assert.Contains("too old", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APlainDelegationIsNotPlatformCheckedAndWarns()
    {
        var transport = FakeComputeNodes.Smartos();
        var payload = SafePayload();
        payload["delegate_dataset"] = true;
        var testerCalled = false;

        var plan = SafeZoneCreator.Plan(transport.Connect(), payload, DelegationPolicy.Default, (_, _) =>
        {
            testerCalled = true;
            throw new InvalidOperationException("never asked");
        });

        Assert.False(testerCalled);
        Assert.Null(plan.Platform);
        Assert.Contains(plan.Warnings, w => w.Contains("not \"safe\"", StringComparison.Ordinal));
        var sent = JsonNode.Parse(plan.Plan.Steps[0].Command.StandardInput!)!.AsObject();
        Assert.False(sent.ContainsKey("zfs_snapshot_limit"));
        Assert.False(sent.ContainsKey("limit_priv"));
    }

    [Fact]
    public void TheZonePoolComesFromSysinfoNotFromAConstant()
    {
        var transport = new ScriptedTransport()
            .On("sysinfo", FakeComputeNodes.SysInfo("20240101T000000Z", "fast"))
            .On("vmadm", exitCode: 2)
            .On("zfs list -H -p -o name fast", "fast\n");
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default, Supported("fast"));
        Assert.Equal($"fast/{Uuid}", plan.ZoneRootDataset.Value);
    }

    [Fact]
    public void ApplyCreatesThenJudgesWhatWasReadBack()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32", zoned: "on");

        var zone = SafeZoneCreator.Apply(transport.Connect(), plan, DelegationPolicy.Default);

        Assert.True(zone.IsSafe, string.Join("; ", zone.Findings));
        Assert.Equal(Uuid, zone.Uuid);
        Assert.Equal("db1", zone.Alias);
        Assert.Equal(Owner, zone.OwnerUuid);
        Assert.Equal([$"tank/{Uuid}/data"], zone.DelegatedDatasets);
        Assert.Equal(128UL, zone.SnapshotLimit);
        Assert.Equal(32UL, zone.FilesystemLimit);
        Assert.Equal("default,-sys_fs_import", zone.LimitPriv);
        Assert.False(zone.ReceiveAllowed);
        Assert.True(zone.DataZoned);
        Assert.Equal($"tank/{Uuid}", zone.ZoneRootDataset);

        var create = Assert.Single(transport.Commands, c => c.Program == "vmadm" && c.Arguments.SequenceEqual(["create"]));
        Assert.Equal(plan.Plan.Steps[0].Command.StandardInput, create.StandardInput);
        Assert.True(create.ChangesState);
        Assert.Equal(["vmadm create", $"vmadm get {Uuid}", ReadBackKey(plan), $"vmadm start {Uuid}", $"vmadm update {Uuid}", $"vmadm get {Uuid}", ReadBackKey(plan)],
            transport.CommandKeys.TakeLast(7));
    }

    /// <summary>Issue 8 item 8: a zone that fails verification is never booted.</summary>
    [Fact]
    public void AZoneThatFailsVerificationIsNeverBooted()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default", snapshotLimit: "128", filesystemLimit: "32", zoned: "on");

        Assert.Throws<SafeZoneVerificationException>(() => SafeZoneCreator.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("vmadm start", StringComparison.Ordinal) || key.StartsWith("vmadm update", StringComparison.Ordinal));
    }

    /// <summary>Issue 8 item 8: the caller's autoboot false leaves the verified zone stopped.</summary>
    [Fact]
    public void AutobootFalseIsCreatedAndLeftStopped()
    {
        var transport = FakeComputeNodes.Smartos();
        var payload = SafePayload(Uuid);
        payload["autoboot"] = false;
        var (plan, _) = PlanWithTester(transport.Connect(), payload, DelegationPolicy.Default);
        Assert.Single(plan.Plan.Steps);
        Assert.False(JsonNode.Parse(plan.Plan.Steps[0].Command.StandardInput!)!["autoboot"]!.GetValue<bool>());
    }

    /// <summary>Issue 8 item 8: a create past its timeout is not killed; the error says so and what vmadm shows.</summary>
    [Fact]
    public void ACreateThatMayStillBeRunningIsReportedWithWhatIsThere()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32", zoned: "on");
        transport.OnCommand("vmadm create", _ => throw new NativeCommandException(ErrorIds.CommandMayStillBeRunning, ZoneErrorCategory.OperationTimeout,
            "'vmadm' on cn1 did not finish within 600 s. It changes the compute node, so it was not killed.", "cn1", "vmadm create", null, string.Empty));

        var error = Assert.Throws<NativeCommandException>(() => SafeZoneCreator.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
        Assert.Contains("vmadm now shows zone", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("vmadm start", StringComparison.Ordinal));
    }

    [Fact]
    public void AReadBackThatDiffersFailsVerificationListingEachDifferenceAndLeavesTheZone()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default", snapshotLimit: "18446744073709551615", filesystemLimit: "32", zoned: "off");

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreator.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.SafeZoneVerificationFailed, error.ErrorId);
        Assert.Equal(Uuid, error.Target);
        Assert.Equal(3, error.Differences.Count);
        Assert.Contains(error.Differences, d => d.Property == "limit_priv" && d.Planned == "default,-sys_fs_import" && d.ReadBack == "default");
        Assert.Contains(error.Differences, d => d.Property.StartsWith("zfs_snapshot_limit", StringComparison.Ordinal)
                                                && d.Planned == "128" && d.ReadBack == "none");
        Assert.Contains(error.Differences, d => d.Property.StartsWith("zoned", StringComparison.Ordinal) && d.ReadBack == "off");
        Assert.Contains("left in place", error.Message, StringComparison.Ordinal);
        Assert.Contains(Uuid, error.Message, StringComparison.Ordinal);
        Assert.Contains($"vmadm delete {Uuid}", error.Hint, StringComparison.Ordinal);
        Assert.False(error.Zone!.IsSafe);
        Assert.DoesNotContain(transport.CommandKeys, k => k.StartsWith("vmadm delete", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingDelegatedDatasetIsADifference()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, "default,-sys_fs_import", "128", "32", zoned: null);

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreator.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Contains(error.Differences, d => d.Property == "datasets" && d.ReadBack is null);
        Assert.Contains(error.Differences, d => d.Property.StartsWith("zoned", StringComparison.Ordinal) && d.ReadBack is null);
    }

    [Fact]
    public void AZoneThatCannotBeReadBackFailsVerification()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        transport.On("vmadm create", stderr: "Successfully created VM " + Uuid)
            .On($"vmadm get {Uuid}", exitCode: 1, stderr: $"zoneadm: {Uuid}: No such zone configured");

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreator.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.SafeZoneVerificationFailed, error.ErrorId);
        Assert.Null(error.Zone);
        Assert.Equal(ErrorIds.ZoneNotFound, Assert.IsType<ZoneDelegationException>(error.InnerException).ErrorId);
    }

    [Fact]
    public void AFailedCreateIsTheCreatesErrorAndNothingIsReadBack()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        transport.On("vmadm create", exitCode: 1, stderr: "Invalid value(s) for: quota");

        var error = Assert.Throws<NativeCommandException>(() =>
            SafeZoneCreator.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.DoesNotContain($"vmadm get {Uuid}", transport.CommandKeys);
    }

    [Fact]
    public void APlanIsAppliedOnlyWithItsOwnComputeNode()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        var other = new ScriptedTransport("cn2");

        Assert.Throws<ZoneDelegationException>(() => SafeZoneCreator.Apply(other.Connect(), plan, DelegationPolicy.Default));
        Assert.Empty(other.Commands);
    }

    internal static void ScriptReadBack(ScriptedTransport transport, SafeZonePlan plan, string limitPriv, string snapshotLimit,
        string filesystemLimit, string? zoned)
    {
        var root = plan.ZoneRootDataset.Value;
        var vm = new JsonObject
        {
            ["uuid"] = plan.Uuid.Value,
            ["alias"] = "db1",
            ["brand"] = "joyent",
            ["owner_uuid"] = Owner,
            ["state"] = "running",
            ["limit_priv"] = limitPriv,
            ["zfs_filesystem"] = root,
            ["zpool"] = FakeComputeNodes.Pool,
        };
        if (zoned is not null)
        {
            vm["datasets"] = new JsonArray(root + "/data");
        }

        var unlimited = "18446744073709551615";
        var rows = $"{root}\tzoned\toff\tdefault\n{root}\tsnapshot_limit\t{snapshotLimit}\t{(snapshotLimit == unlimited ? "default" : "local")}\n" +
                   $"{root}\tfilesystem_limit\t{filesystemLimit}\t{(filesystemLimit == unlimited ? "default" : "local")}\n";
        if (zoned is not null)
        {
            rows += $"{root}/data\tzoned\t{zoned}\tlocal\n{root}/data\tsnapshot_limit\t{unlimited}\tdefault\n{root}/data\tfilesystem_limit\t{unlimited}\tdefault\n";
        }

        transport.On("vmadm create", stderr: "Successfully created VM " + plan.Uuid.Value)
            .On($"vmadm start {plan.Uuid.Value}", stderr: "Started VM " + plan.Uuid.Value)
            .On($"vmadm update {plan.Uuid.Value}", stderr: "Successfully updated VM " + plan.Uuid.Value)
            .On($"vmadm get {plan.Uuid.Value}", vm.ToJsonString())
            .On(ReadBackKey(plan), rows);
    }

    private static string ReadBackKey(SafeZonePlan plan) =>
        $"zfs get -H -p -o name,property,value,source -r -d 1 -t filesystem zoned,snapshot_limit,filesystem_limit {plan.ZoneRootDataset.Value}";

    private static PlatformSupport Supported(string pool) =>
        new("cn1", "20240101T000000Z", "6.5", "20150418T000000Z", pool, [new PlatformCheck(PlatformCheckNames.PlatformStamp, true, "recent enough")]);
}

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

public sealed class SafeZoneCreationTests
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
        var plan = SafeZoneCreationPlanner.Plan(connection, payload, policy, (c, minimum) =>
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
        var error = Assert.Throws<ZoneDelegationException>(() => SafeZoneCreationPlanner.Plan(transport.Connect(), payload, policy,
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
            SafeZoneCreationPlanner.Plan(transport.Connect(), SafePayload(), DelegationPolicy.Default));

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

        var error = Assert.Throws<ZoneDelegationException>(() => SafeZoneCreationPlanner.Plan(transport.Connect(), SafePayload(), policy));

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

        var plan = SafeZoneCreationPlanner.Plan(transport.Connect(), payload, DelegationPolicy.Default, (_, _) =>
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

    /// <summary>
    /// Issue 14 item 1: the fake CN behaves as a real one: vmadm create leaves /data without zoned (VM.js
    /// createDelegatedDataset), the boot sets it (zoneadmd). The checks before boot do not expect it; the ones after do.
    /// </summary>
    [Fact]
    public void ApplyChecksWhatCreateSetsBootsThenChecksWhatTheBootSet()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32");

        var zone = SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default);

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
        Assert.Equal("running", zone.State);
        Assert.Equal($"tank/{Uuid}", zone.ZoneRootDataset);

        var create = Assert.Single(transport.Commands, c => c.Program == "vmadm" && c.Arguments.SequenceEqual(["create"]));
        Assert.Equal(plan.Plan.Steps[0].Command.StandardInput, create.StandardInput);
        Assert.True(create.ChangesState);
        Assert.Equal(["vmadm create", $"vmadm get {Uuid}", ReadBackKey(plan), $"vmadm start {Uuid}", $"vmadm update {Uuid}", $"vmadm get {Uuid}", ReadBackKey(plan)],
            transport.CommandKeys.TakeLast(7));
    }

    /// <summary>Issue 8 item 8, issue 14 item 1: a zone that fails a check before its first boot is never booted, and the error says so.</summary>
    [Fact]
    public void AZoneThatFailsTheChecksBeforeBootIsNeverBootedAndTheErrorSaysSo()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default", snapshotLimit: "128", filesystemLimit: "32");

        var error = Assert.Throws<SafeZoneVerificationException>(() => SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.False(error.Booted);
        Assert.Equal("limit_priv", Assert.Single(error.Differences).Property);
        Assert.Contains($"Zone {Uuid} was created on cn1 but NOT booted", error.Message, StringComparison.Ordinal);
        Assert.Contains("never booted (vmadm state 'stopped')", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("vmadm stop", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("vmadm start", StringComparison.Ordinal) || key.StartsWith("vmadm update", StringComparison.Ordinal));
    }

    /// <summary>Issue 14 item 1: what only the boot sets is checked after it; a failure says the zone was booted, its state, and which check failed.</summary>
    [Fact]
    public void ACheckAfterBootThatFailsSaysTheZoneWasBootedItsStateAndWhichCheck()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32", zonedAfterBoot: "off");

        var error = Assert.Throws<SafeZoneVerificationException>(() => SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.SafeZoneVerificationFailed, error.ErrorId);
        Assert.True(error.Booted);
        var difference = Assert.Single(error.Differences);
        Assert.Equal(($"zoned (tank/{Uuid}/data)", "on", "off"), (difference.Property, difference.Planned, difference.ReadBack));
        Assert.Contains("passed the checks before its first boot and was booted", error.Message, StringComparison.Ordinal);
        Assert.Contains("left in place, booted (vmadm state 'running')", error.Message, StringComparison.Ordinal);
        Assert.Contains($"vmadm stop {Uuid}", error.Hint, StringComparison.Ordinal);
        Assert.Equal("running", error.Zone!.State);
        Assert.Equal(["vmadm create", $"vmadm get {Uuid}", ReadBackKey(plan), $"vmadm start {Uuid}", $"vmadm update {Uuid}", $"vmadm get {Uuid}", ReadBackKey(plan)],
            transport.CommandKeys.TakeLast(7));
    }

    /// <summary>Issue 14 item 1: a zone that vmadm start leaves not running fails the check after boot.</summary>
    [Fact]
    public void AZoneNotRunningAfterItsBootFailsTheCheckAfterBoot()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32", stateAfterBoot: "stopped");

        var error = Assert.Throws<SafeZoneVerificationException>(() => SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.True(error.Booted);
        var difference = Assert.Single(error.Differences);
        Assert.Equal(("state", "running", "stopped"), (difference.Property, difference.Planned, difference.ReadBack));
    }

    /// <summary>Issue 14 item 1: a boot that fails says the zone was created and passed the checks before boot, with its state read back.</summary>
    [Fact]
    public void AFailedBootSaysTheZoneWasCreatedAndCheckedAndItsState()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32");
        transport.On($"vmadm start {Uuid}", exitCode: 1, stderr: $"Unable to start VM {Uuid}: zoneadm: zone '{Uuid}': cannot set 'zoned' property");

        var error = Assert.Throws<NativeCommandException>(() => SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.Contains($"Zone {Uuid} was created on cn1 and passed the checks before its first boot, but", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'vmadm' 'start' '{Uuid}' failed", error.Message, StringComparison.Ordinal);
        Assert.Contains($"vmadm now shows zone {Uuid} in state 'stopped'", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot set 'zoned'", error.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain($"vmadm update {Uuid}", transport.CommandKeys);
    }

    /// <summary>
    /// Issue 8 item 8, issue 14 item 1: the caller's autoboot false leaves the zone stopped. It is checked as far as a zone that
    /// never booted can be; zoned on /data, which its first boot sets, is not expected, and the plan warns that it is not verified.
    /// </summary>
    [Fact]
    public void AutobootFalseIsCheckedBeforeBootAndLeftStoppedWithAWarningAboutZoned()
    {
        var transport = FakeComputeNodes.Smartos();
        var payload = SafePayload(Uuid);
        payload["autoboot"] = false;
        var (plan, _) = PlanWithTester(transport.Connect(), payload, DelegationPolicy.Default);
        Assert.Single(plan.Plan.Steps);
        Assert.False(JsonNode.Parse(plan.Plan.Steps[0].Command.StandardInput!)!["autoboot"]!.GetValue<bool>());
        Assert.Contains(plan.Warnings, w => w.Contains($"zoned=on on tank/{Uuid}/data", StringComparison.Ordinal) && w.Contains("not verified", StringComparison.Ordinal));
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32");

        var zone = SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default);

        Assert.Equal("stopped", zone.State);
        Assert.False(zone.DataZoned);
        Assert.True(zone.IsSafe, string.Join("; ", zone.Findings));
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("vmadm start", StringComparison.Ordinal) || key.StartsWith("vmadm update", StringComparison.Ordinal));
    }

    [Fact]
    public void AutobootFalseWithoutADelegatedDatasetHasNoZonedWarning()
    {
        var transport = FakeComputeNodes.Smartos();
        var payload = SafePayload(Uuid);
        payload.Remove("delegate_dataset");
        payload["autoboot"] = false;
        var (plan, _) = PlanWithTester(transport.Connect(), payload, DelegationPolicy.Default);
        Assert.DoesNotContain(plan.Warnings, w => w.Contains("zoned", StringComparison.Ordinal));
    }

    /// <summary>Issue 8 item 8: a create past its timeout is not killed; the error says so and what vmadm shows.</summary>
    [Fact]
    public void ACreateThatMayStillBeRunningIsReportedWithWhatIsThere()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32");
        transport.OnCommand("vmadm create", _ => throw new NativeCommandException(ErrorIds.CommandMayStillBeRunning, ZoneErrorCategory.OperationTimeout,
            "'vmadm' on cn1 did not finish within 600 s. It changes the compute node, so it was not killed.", "cn1", "vmadm create", null, string.Empty));

        var error = Assert.Throws<NativeCommandException>(() => SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
        Assert.Contains("vmadm now shows zone", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("vmadm start", StringComparison.Ordinal));
    }

    [Fact]
    public void AReadBackThatDiffersFailsVerificationListingEachDifferenceAndLeavesTheZone()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default", snapshotLimit: "18446744073709551615", filesystemLimit: "32");

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.SafeZoneVerificationFailed, error.ErrorId);
        Assert.Equal(Uuid, error.Target);
        Assert.Equal(2, error.Differences.Count);
        Assert.Contains(error.Differences, d => d.Property == "limit_priv" && d.Planned == "default,-sys_fs_import" && d.ReadBack == "default");
        Assert.Contains(error.Differences, d => d.Property.StartsWith("zfs_snapshot_limit", StringComparison.Ordinal)
                                                && d.Planned == "128" && d.ReadBack == "none");
        Assert.DoesNotContain(error.Differences, d => d.Property.StartsWith("zoned", StringComparison.Ordinal));
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
        ScriptReadBack(transport, plan, "default,-sys_fs_import", "128", "32", dataExists: false);

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.False(error.Booted);
        Assert.Contains(error.Differences, d => d.Property == "datasets" && d.ReadBack is null);
        Assert.Contains(error.Differences, d => d.Property == $"dataset tank/{Uuid}/data" && d.Planned == "exists" && d.ReadBack is null);
    }

    [Fact]
    public void AZoneThatCannotBeReadBackFailsVerification()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        transport.On("vmadm create", stderr: "Successfully created VM " + Uuid)
            .On($"vmadm get {Uuid}", exitCode: 1, stderr: $"zoneadm: {Uuid}: No such zone configured");

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

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
            SafeZoneCreationApplier.Apply(transport.Connect(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.DoesNotContain($"vmadm get {Uuid}", transport.CommandKeys);
    }

    [Fact]
    public void APlanIsAppliedOnlyWithItsOwnComputeNode()
    {
        var transport = FakeComputeNodes.Smartos();
        var (plan, _) = PlanWithTester(transport.Connect(), SafePayload(Uuid), DelegationPolicy.Default);
        var other = new ScriptedTransport("cn2");

        Assert.Throws<ZoneDelegationException>(() => SafeZoneCreationApplier.Apply(other.Connect(), plan, DelegationPolicy.Default));
        Assert.Empty(other.Commands);
    }

    /// <summary>
    /// Scripts the CN as a real one behaves: vmadm create leaves the zone stopped and /data without zoned (VM.js
    /// createDelegatedDataset; zoneadmd sets it at boot); after vmadm start the zone runs and /data is zoned.
    /// </summary>
    internal static void ScriptReadBack(ScriptedTransport transport, SafeZonePlan plan, string limitPriv, string snapshotLimit,
        string filesystemLimit, bool dataExists = true, string zonedAfterBoot = "on", string stateAfterBoot = "running")
    {
        var root = plan.ZoneRootDataset.Value;
        var booted = false;

        string Vm()
        {
            var vm = new JsonObject
            {
                ["uuid"] = plan.Uuid.Value,
                ["alias"] = "db1",
                ["brand"] = "joyent",
                ["owner_uuid"] = Owner,
                ["state"] = booted ? stateAfterBoot : "stopped",
                ["limit_priv"] = limitPriv,
                ["zfs_filesystem"] = root,
                ["zpool"] = FakeComputeNodes.Pool,
            };
            if (dataExists)
            {
                vm["datasets"] = new JsonArray(root + "/data");
            }

            return vm.ToJsonString();
        }

        string Rows()
        {
            var unlimited = "18446744073709551615";
            var rows = $"{root}\tzoned\toff\tdefault\n{root}\tsnapshot_limit\t{snapshotLimit}\t{(snapshotLimit == unlimited ? "default" : "local")}\n" +
                       $"{root}\tfilesystem_limit\t{filesystemLimit}\t{(filesystemLimit == unlimited ? "default" : "local")}\n";
            if (dataExists)
            {
                var zoned = booted ? $"{zonedAfterBoot}\tlocal" : "off\tdefault";
                rows += $"{root}/data\tzoned\t{zoned}\n{root}/data\tsnapshot_limit\t{unlimited}\tdefault\n{root}/data\tfilesystem_limit\t{unlimited}\tdefault\n";
            }

            return rows;
        }

        transport.On("vmadm create", stderr: "Successfully created VM " + plan.Uuid.Value)
            .OnCommand($"vmadm start {plan.Uuid.Value}", _ =>
            {
                booted = true;
                return (string.Empty, 0, "Successfully started VM " + plan.Uuid.Value);
            })
            .On($"vmadm update {plan.Uuid.Value}", stderr: "Successfully updated VM " + plan.Uuid.Value)
            .OnCommand($"vmadm get {plan.Uuid.Value}", _ => (Vm(), 0, string.Empty))
            .OnCommand(ReadBackKey(plan), _ => (Rows(), 0, string.Empty));
    }

    private static string ReadBackKey(SafeZonePlan plan) =>
        $"zfs get -H -p -o name,property,value,source -r -d 1 -t filesystem zoned,snapshot_limit,filesystem_limit {plan.ZoneRootDataset.Value}";

    private static PlatformSupport Supported(string pool) =>
        new("cn1", "20240101T000000Z", "6.5", "20150418T000000Z", pool, [new PlatformCheck(PlatformCheckNames.PlatformStamp, true, "recent enough")]);
}

using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
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
            return support ?? ScriptedCn.Supported(c.ComputeNode);
        });
        return (plan, asked);
    }

    [Fact]
    public void PlanIsOneVmadmCreateWithTheFinalPayloadOnStdinOnly()
    {
        var transport = ScriptedCn.Smartos();
        var (plan, asked) = PlanWithTester(transport.Connection(), SafePayload(), DelegationPolicy.Default);

        var step = Assert.Single(plan.Plan.Steps);
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
        };
        Assert.True(JsonNode.DeepEquals(expected, sent), sent.ToJsonString());

        Assert.Equal(uuid, plan.Uuid.Value);
        Assert.Equal($"{ScriptedCn.Pool}/{uuid}", plan.ZoneRootDataset.Value);
        Assert.True(plan.Platform!.Supported);
        Assert.Equal(DelegationPolicy.DefaultMinimumPlatform, Assert.Single(asked).AnyVersion);
        Assert.Contains($"{ScriptedCn.Pool}/{uuid}/data", plan.Plan.Describe(), StringComparison.Ordinal);
        Assert.False(transport.Ran("vmadm", "create"));
    }

    [Fact]
    public void PlanningRunsOnlyReadOnlyProbes()
    {
        var transport = ScriptedCn.Smartos();
        PlanWithTester(transport.Connection(), SafePayload(), DelegationPolicy.Default);

        Assert.NotEmpty(transport.Started);
        Assert.All(transport.Started, command =>
            Assert.True(command.Program is "sysinfo" || (command.Program == "vmadm" && command.Arguments.Count == 0)
                        || (command.Program == "zfs" && command.Arguments[0] == "list"), command.CommandLine));
    }

    [Fact]
    public void TheCallersUuidIsKeptInLowerCaseAndTheCallersObjectIsUnchanged()
    {
        var transport = ScriptedCn.Smartos();
        var payload = SafePayload(Uuid.ToUpperInvariant());
        var before = payload.ToJsonString();

        var (plan, _) = PlanWithTester(transport.Connection(), payload, DelegationPolicy.Default);

        Assert.Equal(Uuid, plan.Uuid.Value);
        Assert.Equal(Uuid, JsonNode.Parse(plan.Plan.Steps[0].Command.StandardInput!)!["uuid"]!.GetValue<string>());
        Assert.Equal(before, payload.ToJsonString());
    }

    [Fact]
    public void AnInvalidCallerUuidIsRefusedBeforeAnythingRuns()
    {
        var transport = ScriptedCn.Smartos();
        var error = Assert.Throws<ZoneDelegationException>(() =>
            PlanWithTester(transport.Connection(), SafePayload("61316833-2323-4d07-a4be-4a25d76f63a6;reboot"), DelegationPolicy.Default));
        Assert.Equal(ErrorIds.InvalidZoneUuid, error.ErrorId);
        Assert.Empty(transport.Started);
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
        var transport = ScriptedCn.Smartos();
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
        var error = Assert.Throws<ZoneDelegationException>(() => SafeZoneCreator.Plan(transport.Connection(), payload, policy,
            (_, _) =>
            {
                testerCalled = true;
                return ScriptedCn.Supported();
            }));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Empty(transport.Started);
        Assert.False(testerCalled);
    }

    [Fact]
    public void AnUnsupportedPlatformIsRefusedWithEveryReasonAndNoCreate()
    {
        var transport = ScriptedCn.Smartos();
        var support = ScriptedCn.Unsupported("The platform image is too old.", "The pool has no filesystem_limits feature.");

        var error = Assert.Throws<ZoneDelegationException>(() =>
            PlanWithTester(transport.Connection(), SafePayload(), DelegationPolicy.Default, support));

        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
        Assert.Contains("The platform image is too old.", error.Message, StringComparison.Ordinal);
        Assert.Contains("The pool has no filesystem_limits feature.", error.Message, StringComparison.Ordinal);
        Assert.Equal("cn1", error.Target);
        Assert.False(transport.Ran("vmadm", "create"));
    }

    [Fact]
    public void APlainDelegationIsNotPlatformCheckedAndWarns()
    {
        var transport = ScriptedCn.Smartos();
        var payload = SafePayload();
        payload["delegate_dataset"] = true;
        var testerCalled = false;

        var plan = SafeZoneCreator.Plan(transport.Connection(), payload, DelegationPolicy.Default, (_, _) =>
        {
            testerCalled = true;
            return ScriptedCn.Unsupported("never asked");
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
        var transport = ScriptedCn.Smartos("fast");
        var (plan, _) = PlanWithTester(transport.Connection(), SafePayload(Uuid), DelegationPolicy.Default);
        Assert.Equal($"fast/{Uuid}", plan.ZoneRootDataset.Value);
    }

    [Fact]
    public void ApplyCreatesThenJudgesWhatWasReadBack()
    {
        var transport = ScriptedCn.Smartos();
        var (plan, _) = PlanWithTester(transport.Connection(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default,-sys_fs_import", snapshotLimit: "128", filesystemLimit: "32", zoned: "on");

        var zone = SafeZoneCreator.Apply(transport.Connection(), plan, DelegationPolicy.Default);

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

        var create = Assert.Single(transport.Started, c => c.Program == "vmadm" && c.Arguments.SequenceEqual(["create"]));
        Assert.Equal(plan.Plan.Steps[0].Command.StandardInput, create.StandardInput);
        Assert.True(transport.Ran("vmadm", "get", Uuid));
        Assert.True(transport.Ran("zfs", "get", "-H", "-p", "-o", "name,property,value,source", "-r", "-d", "1", "-t", "filesystem",
            "zoned,snapshot_limit,filesystem_limit", $"tank/{Uuid}"));
    }

    [Fact]
    public void AReadBackThatDiffersFailsVerificationListingEachDifferenceAndLeavesTheZone()
    {
        var transport = ScriptedCn.Smartos();
        var (plan, _) = PlanWithTester(transport.Connection(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, limitPriv: "default", snapshotLimit: "18446744073709551615", filesystemLimit: "32", zoned: "off");

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreator.Apply(transport.Connection(), plan, DelegationPolicy.Default));

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
        Assert.False(transport.Ran("vmadm", "delete"));
    }

    [Fact]
    public void AMissingDelegatedDatasetIsADifference()
    {
        var transport = ScriptedCn.Smartos();
        var (plan, _) = PlanWithTester(transport.Connection(), SafePayload(Uuid), DelegationPolicy.Default);
        ScriptReadBack(transport, plan, "default,-sys_fs_import", "128", "32", zoned: null);

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreator.Apply(transport.Connection(), plan, DelegationPolicy.Default));

        Assert.Contains(error.Differences, d => d.Property == "datasets" && d.ReadBack is null);
        Assert.Contains(error.Differences, d => d.Property.StartsWith("zoned", StringComparison.Ordinal) && d.ReadBack is null);
    }

    [Fact]
    public void AZoneThatCannotBeReadBackFailsVerification()
    {
        var transport = ScriptedCn.Smartos();
        var (plan, _) = PlanWithTester(transport.Connection(), SafePayload(Uuid), DelegationPolicy.Default);
        transport.On("vmadm", ["create"], stderr: "Successfully created VM " + Uuid)
            .On("vmadm", ["get"], stderr: $"zoneadm: {Uuid}: No such zone configured", exitCode: 1);

        var error = Assert.Throws<SafeZoneVerificationException>(() =>
            SafeZoneCreator.Apply(transport.Connection(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.SafeZoneVerificationFailed, error.ErrorId);
        Assert.Null(error.Zone);
        Assert.Equal(ErrorIds.ZoneNotFound, Assert.IsType<ZoneDelegationException>(error.InnerException).ErrorId);
    }

    [Fact]
    public void AFailedCreateIsTheCreatesErrorAndNothingIsReadBack()
    {
        var transport = ScriptedCn.Smartos();
        var (plan, _) = PlanWithTester(transport.Connection(), SafePayload(Uuid), DelegationPolicy.Default);
        transport.On("vmadm", ["create"], stderr: "Invalid value(s) for: quota", exitCode: 1);

        var error = Assert.Throws<NativeCommandException>(() =>
            SafeZoneCreator.Apply(transport.Connection(), plan, DelegationPolicy.Default));

        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.False(transport.Ran("vmadm", "get"));
    }

    [Fact]
    public void APlanIsAppliedOnlyWithItsOwnComputeNode()
    {
        var transport = ScriptedCn.Smartos();
        var (plan, _) = PlanWithTester(transport.Connection(), SafePayload(Uuid), DelegationPolicy.Default);
        var other = new ScriptedTransport("cn2");

        Assert.Throws<ZoneDelegationException>(() => SafeZoneCreator.Apply(other.Connection(), plan, DelegationPolicy.Default));
        Assert.Empty(other.Started);
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
            ["zpool"] = ScriptedCn.Pool,
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

        transport.On("vmadm", ["create"], stderr: "Successfully created VM " + plan.Uuid.Value)
            .On("vmadm", ["get", plan.Uuid.Value], vm.ToJsonString())
            .On("zfs", ["get"], rows);
    }
}

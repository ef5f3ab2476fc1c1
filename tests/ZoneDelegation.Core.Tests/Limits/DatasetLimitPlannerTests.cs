using System.Text.Json;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs.Names;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;

namespace ZoneDelegation.Core.Tests.Limits;

public class DatasetLimitPlannerTests
{
    private const ulong GiB = 1UL << 30;
    private static readonly ZoneUuid ZoneId = ZoneUuid.Parse(Zone);

    private static ScriptedTransport SmartosWithLimits(string snapshotLimit = Unlimited, string filesystemLimit = Unlimited, string quota = "0")
    {
        // zfs keeps counts on the zone root once a limit is set there (and in this fake, only then).
        var kept = snapshotLimit != Unlimited || filesystemLimit != Unlimited;
        return Smartos().On(LimitsKey, LimitRows(snapshotLimit, kept ? "0" : Unlimited, filesystemLimit, kept ? "1" : Unlimited, quota));
    }

    private static ScriptedTransport WithoutVmadm(ScriptedTransport transport) => transport.Missing("vmadm");

    [Fact]
    public void VmadmGetsOneUpdateWithThePayloadOnStdin()
    {
        using var connection = SmartosWithLimits(filesystemLimit: "32").Connect();
        var request = new DatasetLimitRequest(ZoneId)
        {
            SnapshotLimit = LimitSetting.Set(100),
            FilesystemLimit = LimitSetting.Clear,
            Quota = LimitSetting.Set(10 * GiB),
        };

        var plan = DatasetLimitPlanner.Plan(connection, request);

        var step = Assert.Single(plan.Plan.Steps);
        Assert.Equal("vmadm", step.Command.Program);
        Assert.Equal(["update", Zone], step.Command.Arguments);
        Assert.Equal("{\"zfs_snapshot_limit\":100,\"zfs_filesystem_limit\":\"\",\"quota\":10}\n", step.Command.StandardInput);
        Assert.DoesNotContain("null", step.Command.StandardInput, StringComparison.Ordinal);
        Assert.Equal($"LC_ALL=C 'vmadm' 'update' '{Zone}' < (stdin payload)", step.Command.CommandLine);
        Assert.Empty(plan.Warnings);
        Assert.Equal(32UL, plan.Before.FilesystemLimit);
    }

    [Fact]
    public void ABulkRunChecksLimitSupportOncePerConnection()
    {
        var transport = SmartosWithLimits();
        using var connection = transport.Connect();

        DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { SnapshotLimit = LimitSetting.Set(10) });
        DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { SnapshotLimit = LimitSetting.Set(20) });

        Assert.Single(transport.Commands, command => command.Program == "zpool");
        Assert.Equal(2, transport.CommandKeys.Count(key => key == LimitsKey)); // the current values are still read per request
    }

    [Fact]
    public void ClearingTheQuotaThroughVmadmSendsZeroGiB()
    {
        using var connection = SmartosWithLimits(quota: (5 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture)).Connect();

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { Quota = LimitSetting.Clear });

        using var payload = JsonDocument.Parse(Assert.Single(plan.Plan.Steps).Command.StandardInput!);
        Assert.Equal(0, payload.RootElement.GetProperty("quota").GetInt32());
        Assert.Single(payload.RootElement.EnumerateObject());
    }

    [Fact]
    public void WithoutVmadmEachPropertyIsAZfsSet()
    {
        using var connection = WithoutVmadm(SmartosWithLimits(snapshotLimit: "5", quota: "1000")).Connect();
        var request = new DatasetLimitRequest(ZoneId)
        {
            SnapshotLimit = LimitSetting.Clear,
            FilesystemLimit = LimitSetting.Set(0),
            Quota = LimitSetting.Set(123456789),
        };

        var plan = DatasetLimitPlanner.Plan(connection, request);

        Assert.Equal(
            [
                ["set", "snapshot_limit=none", Root],
                ["set", "filesystem_limit=0", Root],
                ["set", "quota=123456789", Root],
            ],
            plan.Plan.Steps.Select(s => s.Command.Arguments.ToArray()));
        Assert.All(plan.Plan.Steps, s => Assert.Equal("zfs", s.Command.Program));
        Assert.All(plan.Plan.Steps, s => Assert.Null(s.Command.StandardInput));
        Assert.Equal([$"A filesystem limit of 0 on zone {Zone}: the zone can then never create a filesystem."], plan.Warnings);
    }

    [Fact]
    public void ZeroLimitsWarn()
    {
        using var connection = SmartosWithLimits().Connect();

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId)
        {
            SnapshotLimit = LimitSetting.Set(0),
            FilesystemLimit = LimitSetting.Set(0),
        });

        Assert.Equal(2, plan.Warnings.Count);
        Assert.Contains("the zone can then never take a snapshot", plan.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("never create a filesystem", plan.Warnings[1], StringComparison.Ordinal);
        Assert.Equal("{\"zfs_snapshot_limit\":0,\"zfs_filesystem_limit\":0}\n", Assert.Single(plan.Plan.Steps).Command.StandardInput);
    }

    [Fact]
    public void ValuesAlreadyInPlacePlanNothing()
    {
        var transport = SmartosWithLimits(snapshotLimit: "100", quota: (10 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var connection = transport.Connect();

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId)
        {
            SnapshotLimit = LimitSetting.Set(100),
            FilesystemLimit = LimitSetting.Clear,
            Quota = LimitSetting.Set(10 * GiB),
        });

        Assert.True(plan.Plan.IsEmpty);
        Assert.Contains("already as requested", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.Commands, c => c.Arguments.Contains("update") || c.Arguments.Contains("set"));
    }

    [Fact]
    public void OnlyWhatDiffersIsPlanned()
    {
        using var connection = SmartosWithLimits(snapshotLimit: "100").Connect();

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId)
        {
            SnapshotLimit = LimitSetting.Set(100),
            FilesystemLimit = LimitSetting.Set(10),
        });

        Assert.Equal("{\"zfs_filesystem_limit\":10}\n", Assert.Single(plan.Plan.Steps).Command.StandardInput);
        Assert.Contains("filesystem_limit none -> 10", plan.Plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitsOnLegacyAreRefusedWithThePlatformReasonsAndNothingChanges()
    {
        var transport = Legacy();
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() =>
            DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { SnapshotLimit = LimitSetting.Set(10) }));

        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.NotEnabled, error.Category);
        Assert.Contains("has no filesystem_limits feature", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not know the snapshot_limit property", error.Message, StringComparison.Ordinal);
        Assert.Contains("Test-PlatformSupport", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.Commands, c => c.Arguments.Contains("set") || c.Arguments.Contains("update"));
    }

    [Fact]
    public void QuotaAloneIsFineOnLegacy()
    {
        var transport = Legacy().On($"zfs get -H -p -o name,property,value,source quota {Root}", $"{Root}\tquota\t0\tdefault\n");
        using var connection = transport.Connect();

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { Quota = LimitSetting.Set(1536 * 1024 * 1024UL) });

        Assert.Equal(["set", "quota=1610612736", Root], Assert.Single(plan.Plan.Steps).Command.Arguments);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zpool", StringComparison.Ordinal));
    }

    [Fact]
    public void AQuotaThatIsNotWholeGiBIsRefusedWithVmadm()
    {
        var transport = SmartosWithLimits();
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() =>
            DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { Quota = LimitSetting.Set(GiB + 1) }));

        Assert.Equal(ErrorIds.InvalidSize, error.ErrorId);
        Assert.Equal((long)(GiB + 1), error.Target);
        Assert.NotNull(error.Hint);
        Assert.DoesNotContain(LimitsKey, transport.CommandKeys);
    }

    [Theory]
    [InlineData(nameof(DatasetLimitRequest.SnapshotLimit))]
    [InlineData(nameof(DatasetLimitRequest.FilesystemLimit))]
    [InlineData(nameof(DatasetLimitRequest.Quota))]
    public void ImpossibleValuesAreRefusedBeforeAnyCommand(string which)
    {
        var transport = SmartosWithLimits();
        using var connection = transport.Connect();
        var request = which switch
        {
            nameof(DatasetLimitRequest.SnapshotLimit) => new DatasetLimitRequest(ZoneId) { SnapshotLimit = LimitSetting.Set(ulong.MaxValue) },
            nameof(DatasetLimitRequest.FilesystemLimit) => new DatasetLimitRequest(ZoneId) { FilesystemLimit = LimitSetting.Set(1UL << 60) },
            _ => new DatasetLimitRequest(ZoneId) { Quota = LimitSetting.Set(0) },
        };

        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitPlanner.Plan(connection, request));

        Assert.Equal(ErrorIds.InvalidLimitValue, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidArgument, error.Category);
        Assert.Empty(transport.Commands);
    }

    [Fact]
    public void ApplyRunsThePlanAndReturnsTheVerifiedReRead()
    {
        var applied = false;
        var transport = SmartosWithLimits()
            .OnCommand($"vmadm update {Zone}", command =>
            {
                applied = command.StandardInput == "{\"zfs_snapshot_limit\":50}\n";
                return ("", 0, $"Successfully updated VM {Zone}\n");
            });
        using var connection = transport.Connect();
        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { SnapshotLimit = LimitSetting.Set(50) });
        transport.On(LimitsKey, LimitRows("50", "0", Unlimited, "1", "0"));

        var after = DatasetLimitApplier.Apply(connection, plan);

        Assert.True(applied);
        Assert.Equal(50UL, after.SnapshotLimit);
        Assert.Equal(0UL, after.SnapshotCount);
    }

    [Fact]
    public void VmadmReportingSuccessWithoutApplyingIsVerificationFailed()
    {
        var transport = SmartosWithLimits().On($"vmadm update {Zone}", stderr: $"Successfully updated VM {Zone}\n");
        using var connection = transport.Connect();
        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId)
        {
            SnapshotLimit = LimitSetting.Set(50),
            Quota = LimitSetting.Set(2 * GiB),
        });

        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.VerificationFailed, error.ErrorId);
        Assert.Contains("snapshot_limit is none, expected 50", error.Message, StringComparison.Ordinal);
        Assert.Contains("quota is none, expected 2147483648", error.Message, StringComparison.Ordinal);
        Assert.Equal(Zone, error.Target);
    }

    /// <summary>
    /// Issue 8 item 8: without vmadm, step 1 (snapshot_limit) ran and step 2 (filesystem_limit) failed:
    /// the error says exactly what changed and what did not, read back from the zone root.
    /// </summary>
    [Fact]
    public void APartlyAppliedZfsSetReportsExactlyWhatChanged()
    {
        var transport = WithoutVmadm(SmartosWithLimits(snapshotLimit: "10", filesystemLimit: "10"));
        using var connection = transport.Connect();
        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId)
        {
            SnapshotLimit = LimitSetting.Set(5),
            FilesystemLimit = LimitSetting.Set(3),
        });
        transport.On($"zfs set snapshot_limit=5 {Root}")
            .On($"zfs set filesystem_limit=3 {Root}", exitCode: 1, stderr: "cannot set property: permission denied\n")
            .On(LimitsKey, LimitRows("5", "0", "10", "1", "0"));

        var error = Assert.Throws<NativeCommandException>(() => DatasetLimitApplier.Apply(connection, plan));

        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.Contains("snapshot_limit CHANGED 10 -> 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("filesystem_limit unchanged (10)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Get-DatasetLimit", error.Hint, StringComparison.Ordinal);
    }

    private static string RefquotaKey => LimitsKey.Replace(",quota ", ",refquota ", StringComparison.Ordinal);

    private static string BhyveRows(string refquota, string quota) =>
        LimitRows(Unlimited, "-", Unlimited, "-", refquota).Replace("\tquota\t", "\trefquota\t", StringComparison.Ordinal);

    /// <summary>
    /// Issue 14 item 4: vmadm update quota on a bhyve VM sets refquota to the quota and computes quota from the
    /// disks (VM.js setQuotaBhyve). The plan goes through vmadm as for any VM, and the read-back looks at refquota.
    /// </summary>
    [Fact]
    public void ABhyveQuotaIsSetThroughVmadmAndVerifiedOnRefquota()
    {
        var transport = SmartosWithLimits(quota: (2 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .On(LocateKey, Location(brand: "bhyve"))
            .OnCommand(RefquotaKey, ZoneDelegation.Core.Tests.Snapshots.ZoneLifecycleFakes.InTurn(
                BhyveRows((1 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture), "ignored"),
                BhyveRows((5 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture), "ignored")))
            .On($"vmadm update {Zone}", stderr: $"Successfully updated VM {Zone}\n");
        using var connection = transport.Connect();

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { Quota = LimitSetting.Set(5 * GiB) });
        var after = DatasetLimitApplier.Apply(connection, plan);

        Assert.Equal("{\"quota\":5}\n", Assert.Single(plan.Plan.Steps).Command.StandardInput);
        Assert.Contains("refquota 1073741824 -> 5368709120", plan.Plan.Summary, StringComparison.Ordinal);
        Assert.Equal(5 * GiB, after.Quota);
        Assert.Equal("refquota", after.QuotaProperty);
        Assert.DoesNotContain(LimitsKey, transport.CommandKeys);
    }

    /// <summary>vmadm gives a bhyve VM a refquota of at least 1 GiB whatever it is asked (DEFAULT_BHYVE_QUOTA): clearing cannot be done.</summary>
    [Fact]
    public void ClearingABhyveQuotaIsRefusedBeforeAnyChange()
    {
        var transport = SmartosWithLimits().On(LocateKey, Location(brand: "bhyve"));
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() =>
            DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { Quota = LimitSetting.Clear }));

        Assert.Equal(ErrorIds.InvalidLimitValue, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidArgument, error.Category);
        Assert.Equal(Zone, error.Target);
        Assert.Contains("bhyve", error.Message, StringComparison.Ordinal);
        Assert.Contains("-Quota", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.Commands, c => c.Arguments.Contains("update") || c.Arguments.Contains("set"));
    }

    /// <summary>Issue 14 item 5: a zone on another pool is planned on its own root, with the limit feature checked on that pool.</summary>
    [Fact]
    public void AZoneOnAnotherPoolIsPlannedOnItsRootAndItsPoolsFeatureIsChecked()
    {
        const string otherRoot = "fast/" + Zone;
        var transport = Smartos()
            .On(LocateKey, Location(root: otherRoot))
            .On("zpool get -H -o name,property,value,source feature@filesystem_limits fast", "fast\tfeature@filesystem_limits\tactive\tlocal\n")
            .On("zfs get -H -o property snapshot_limit fast", "snapshot_limit\n")
            .On(LimitsKey.Replace(Root, otherRoot, StringComparison.Ordinal), LimitRows(Unlimited, "-", Unlimited, "-", "0").Replace(Root, otherRoot, StringComparison.Ordinal));
        using var connection = transport.Connect();

        var plan = DatasetLimitPlanner.Plan(connection, new DatasetLimitRequest(ZoneId) { SnapshotLimit = LimitSetting.Set(10) });

        Assert.Equal(otherRoot, plan.Before.Dataset);
        Assert.Contains(otherRoot, plan.Plan.Target, StringComparison.Ordinal);
        Assert.Contains("zpool get -H -o name,property,value,source feature@filesystem_limits fast", transport.CommandKeys);
        Assert.DoesNotContain(LimitsKey, transport.CommandKeys);
    }
}

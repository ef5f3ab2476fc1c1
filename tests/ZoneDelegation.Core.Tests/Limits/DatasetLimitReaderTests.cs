using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs.Names;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;

namespace ZoneDelegation.Core.Tests.Limits;

public class DatasetLimitReaderTests
{
    private static readonly ZoneUuid ZoneId = ZoneUuid.Parse(Zone);

    [Fact]
    public void ReadsLimitsCountsAndQuota()
    {
        using var connection = Smartos().On(LimitsKey, LimitRows("128", "3", "32", "1", "10737418240")).Connect();

        var limit = DatasetLimitReader.Read(connection, ZoneId);

        Assert.Equal(new DatasetLimit
        {
            ComputeNode = "cn1", Zone = Zone, Dataset = Root, SnapshotLimit = 128, SnapshotCount = 3,
            FilesystemLimit = 32, FilesystemCount = 1, Quota = 10737418240, LimitsSupported = true,
        }, limit);
    }

    [Fact]
    public void UnsetLimitsAndQuotaAreNull()
    {
        using var connection = Smartos().On(LimitsKey, LimitRows(Unlimited, Unlimited, Unlimited, Unlimited, "0")).Connect();

        var limit = DatasetLimitReader.Read(connection, ZoneId);

        Assert.Null(limit.SnapshotLimit);
        Assert.Null(limit.SnapshotCount);
        Assert.Null(limit.FilesystemLimit);
        Assert.Null(limit.FilesystemCount);
        Assert.Null(limit.Quota);
        Assert.True(limit.LimitsSupported);
    }

    [Fact]
    public void ZfsWithoutLimitsReadsQuotaOnly()
    {
        var transport = Legacy().On($"zfs get -H -p -o name,property,value,source quota {Root}", $"{Root}\tquota\t1073741824\tlocal\n");
        using var connection = transport.Connect();

        var limit = DatasetLimitReader.Read(connection, ZoneId);

        Assert.False(limit.LimitsSupported);
        Assert.Equal(1073741824UL, limit.Quota);
        Assert.Null(limit.SnapshotLimit);
        Assert.Equal($"zfs get -H -p -o name,property,value,source quota {Root}", transport.CommandKeys[^1]);
    }

    [Fact]
    public void MissingZoneRootIsZoneNotFound()
    {
        using var connection = Smartos().On(LimitsKey, exitCode: 1, stderr: $"cannot open '{Root}': dataset does not exist\n").Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitReader.Read(connection, ZoneId));

        Assert.Equal(ErrorIds.ZoneNotFound, error.ErrorId);
        Assert.Equal(Zone, error.Target);
    }

    [Fact]
    public void MissingZoneRootOnLegacyIsZoneNotFound()
    {
        using var connection = Legacy()
            .On($"zfs get -H -p -o name,property,value,source quota {Root}", exitCode: 1, stderr: $"cannot open '{Root}': dataset does not exist\n")
            .Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitReader.Read(connection, ZoneId));

        Assert.Equal(ErrorIds.ZoneNotFound, error.ErrorId);
    }

    private const string OtherPool = "fast";
    private const string OtherRoot = OtherPool + "/" + Zone;

    /// <summary>Issue 14 item 4: vmadm keeps a bhyve VM's quota on refquota and computes quota from its disks (VM.js setQuotaBhyve).</summary>
    [Fact]
    public void ABhyveVmsQuotaIsItsRefquotaNotTheComputedQuota()
    {
        var refquotaKey = LimitsKey.Replace(",quota ", ",refquota ", StringComparison.Ordinal);
        var transport = Smartos()
            .On(LocateKey, Location(brand: "bhyve"))
            .On(LimitsKey, LimitRows(Unlimited, "-", Unlimited, "-", "32212254720")) // quota: refquota + the disks' refreservation
            .On(refquotaKey, LimitRows(Unlimited, "-", Unlimited, "-", "10737418240").Replace("\tquota\t", "\trefquota\t", StringComparison.Ordinal));
        using var connection = transport.Connect();

        var limit = DatasetLimitReader.Read(connection, ZoneId);

        Assert.Equal(10737418240UL, limit.Quota);
        Assert.Equal("refquota", limit.QuotaProperty);
        Assert.Equal([LocateKey, refquotaKey], transport.CommandKeys.Skip(3));
    }

    /// <summary>Issue 14 item 5: a zone created with a payload zpool has its root there, as vmadm's zfs_filesystem says.</summary>
    [Fact]
    public void AZoneOnAnotherPoolIsReadWhereVmadmSaysItsRootIs()
    {
        var otherKey = LimitsKey.Replace(Root, OtherRoot, StringComparison.Ordinal);
        var transport = Smartos()
            .On(LocateKey, Location(root: OtherRoot))
            .On(LimitsKey, exitCode: 1, stderr: $"cannot open '{Root}': dataset does not exist\n")
            .On(otherKey, LimitRows("128", "0", "32", "1", "0").Replace(Root, OtherRoot, StringComparison.Ordinal));
        using var connection = transport.Connect();

        var limit = DatasetLimitReader.Read(connection, ZoneId);

        Assert.Equal(OtherRoot, limit.Dataset);
        Assert.Equal(128UL, limit.SnapshotLimit);
        Assert.Equal(otherKey, transport.CommandKeys[^1]);
    }

    [Fact]
    public void AZoneVmadmDoesNotKnowIsZoneNotFoundAndNoZfsRuns()
    {
        var transport = Smartos().On(LocateKey, "[]\n");
        using var connection = transport.Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitReader.Read(connection, ZoneId));

        Assert.Equal(ErrorIds.ZoneNotFound, error.ErrorId);
        Assert.Contains("vmadm does not know it", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs get -H -p -o", StringComparison.Ordinal));
    }

    /// <summary>Many zones on two pools: still one vmadm lookup and one zfs get, over both pools.</summary>
    [Fact]
    public void ManyZonesOnTwoPoolsAreReadWithOneZfsGetOverBothPools()
    {
        var fleet = FakeFleet.Safe(3);
        fleet.Zones[1].Pool = OtherPool;
        var transport = fleet.Transport();
        using var connection = transport.Connect();

        var limits = DatasetLimitReader.ReadMany(connection, fleet.Zones.Select(z => ZoneUuid.Parse(z.Uuid)).ToList()).Cast<DatasetLimit>().ToList();

        Assert.Equal(fleet.Zones.Select(z => z.Root), limits.Select(l => l.Dataset));
        Assert.Equal($"{OtherPool}/{FakeFleet.UuidFor(2)}", limits[1].Dataset);
        Assert.Equal(128UL, limits[1].SnapshotLimit);
        Assert.EndsWith(" fast tank", fleet.PoolLimitsKeyForZones, StringComparison.Ordinal);
        Assert.Equal([FakeFleet.LocateKey, fleet.PoolLimitsKeyForZones], transport.CommandKeys.Skip(3));
    }
}

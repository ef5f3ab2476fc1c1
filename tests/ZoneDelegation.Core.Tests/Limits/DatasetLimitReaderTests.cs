using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
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
}

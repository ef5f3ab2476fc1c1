using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Tests.Limits;

public class DatasetLimitChangeTests
{
    private static readonly ZoneUuid Zone = ZoneUuid.Parse("61316833-2323-4d07-a4be-4a25d76f63a6");

    [Fact]
    public void Given_values_are_set_cleared_ones_cleared_and_the_rest_kept()
    {
        var request = DatasetLimitChange.Create(snapshotLimit: 64, filesystemLimit: null, quota: null, clear: ["quota"]).For(Zone);

        Assert.Equal(Zone, request.Zone);
        Assert.Equal(LimitSetting.Set(64), request.SnapshotLimit);
        Assert.True(request.FilesystemLimit.IsKeep);
        Assert.Equal(LimitSetting.Clear, request.Quota);
    }

    [Fact]
    public void Setting_and_clearing_the_same_value_is_refused()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitChange.Create(64, null, null, ["SnapshotLimit"]));
        Assert.Equal(ErrorIds.InvalidLimitValue, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidArgument, error.Category);
        Assert.Equal("SnapshotLimit", error.Target);
        Assert.Contains("-Clear SnapshotLimit", error.Hint);
    }

    [Fact]
    public void Asking_for_nothing_is_refused()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitChange.Create(null, null, null, []));
        Assert.Equal(ErrorIds.InvalidLimitValue, error.ErrorId);
        Assert.Contains("-Clear", error.Hint);
    }

    [Fact]
    public void Clearing_an_unknown_name_is_refused()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetLimitChange.Create(null, null, null, ["refquota"]));
        Assert.Equal("refquota", error.Target);
    }
}

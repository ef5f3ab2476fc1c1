using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Snapshots;

/// <summary>Issue 17 item 5: one rule for -Name across the snapshot cmdlets: the name New-ZoneSnapshot was given, or the ZFS name.</summary>
public sealed class RootSnapshotNameTests
{
    private static readonly ZoneRecord Zone = new()
    {
        ComputeNode = "cn1",
        Uuid = ZoneUuid.Parse("61316833-2323-4d07-a4be-4a25d76f63a6"),
        ZoneRoot = DatasetName.Parse("zones/61316833-2323-4d07-a4be-4a25d76f63a6"),
    };

    [Theory]
    [InlineData("vmsnap-s3", "s3")]
    [InlineData("vmsnap-daily-1", "daily-1")]
    [InlineData("hand-made", "hand-made")]
    [InlineData("vmsnap-", "vmsnap-")]
    [InlineData("vmsnap-a%b", "vmsnap-a%b")]
    public void The_operator_s_name_is_the_ZFS_name_without_vmadm_s_prefix(string zfsName, string name) =>
        Assert.Equal(name, VmSnapshotName.OperatorName(zfsName));

    [Fact]
    public void The_given_name_and_the_ZFS_name_find_the_same_snapshot()
    {
        RootSnapshot[] snapshots = [new("vmsnap-s3", 10), new("other", 11)];

        Assert.Equal("vmsnap-s3", RootSnapshotReader.Resolve(snapshots, Zone, "s3").ShortName);
        Assert.Equal("vmsnap-s3", RootSnapshotReader.Resolve(snapshots, Zone, "vmsnap-s3").ShortName);
        Assert.Equal(ErrorIds.SnapshotNotFound, Assert.Throws<ZoneDelegationException>(() => RootSnapshotReader.Resolve(snapshots, Zone, "s4")).ErrorId);
    }

    [Fact]
    public void A_name_both_a_plain_and_a_vmadm_snapshot_carry_is_ambiguous()
    {
        RootSnapshot[] snapshots = [new("s3", 10), new("vmsnap-s3", 11)];

        var error = Assert.Throws<ZoneDelegationException>(() => RootSnapshotReader.Resolve(snapshots, Zone, "s3"));

        Assert.Equal(ErrorIds.SnapshotNameAmbiguous, error.ErrorId);
        Assert.Equal("vmsnap-s3", RootSnapshotReader.Resolve(snapshots, Zone, "vmsnap-s3").ShortName);
    }
}

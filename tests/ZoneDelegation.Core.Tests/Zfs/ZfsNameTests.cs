using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Tests.Zfs;

public class ZfsNameTests
{
    [Theory]
    [InlineData("zones")]
    [InlineData("zones/61316833-2323-4d07-a4be-4a25d76f63a6")]
    [InlineData("zones/61316833-2323-4d07-a4be-4a25d76f63a6/data")]
    [InlineData("tank/my data/a.b_c:d-e")] // space and : are legal ZFS characters
    [InlineData("Z")]
    [InlineData("logs")] // only "log" itself is reserved
    [InlineData("c")] // "c" alone is not disk-like
    [InlineData("cat/x")]
    public void ValidDatasetNamesParse(string text)
    {
        var name = DatasetName.Parse(text);
        Assert.Equal(text, name.Value);
        Assert.True(DatasetName.TryParse(text, out var again));
        Assert.Equal(name, again);
    }

    [Theory]
    [InlineData("zones/a;rm -rf /", ';', 8)]
    [InlineData("zones/$(reboot)", '$', 7)]
    [InlineData("zones/a`id`", '`', 8)]
    [InlineData("zones/a'b", '\'', 8)]
    [InlineData("zones/a%recv", '%', 8)]
    [InlineData("zones/a@snap", '@', 8)]
    [InlineData("zones/a#bm", '#', 8)]
    [InlineData("$MOS", '$', 1)]
    [InlineData("zones/é", 'é', 7)]
    public void InvalidCharacterIsNamedWithItsPosition(string text, char offending, int position)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetName.Parse(text));
        Assert.Equal(ErrorIds.InvalidDatasetName, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidArgument, error.Category);
        Assert.Equal(text, error.Target);
        Assert.NotNull(error.Hint);
        var shown = offending is >= ' ' and < (char)0x7f ? $"'{offending}'" : $"U+{(int)offending:X4}";
        Assert.Contains($"character {shown} at position {position}", error.Message);
        Assert.False(DatasetName.TryParse(text, out _));
    }

    [Fact]
    public void ControlCharactersAreShownAsCodePoints()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetName.Parse("zones/a\nb"));
        Assert.Contains("U+000A at position 8", error.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/zones", "starts with '/'")]
    [InlineData("zones/", "ends with '/'")]
    [InlineData("zones//a", "empty component at position 7")]
    [InlineData("zones/./a", "'.'")]
    [InlineData("zones/..", "'..'")]
    [InlineData("1zones", "start with a letter")]
    [InlineData("mirror", "reserved")]
    [InlineData("mirror2/a", "reserved")]
    [InlineData("raidz1", "reserved")]
    [InlineData("draid2/x", "reserved")]
    [InlineData("spare", "reserved")]
    [InlineData("log", "reserved")]
    [InlineData("c0t0d0", "disk")]
    [InlineData("c1/data", "disk")]
    public void StructuralErrorsAreExplained(string text, string expected)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetName.Parse(text));
        Assert.Equal(ErrorIds.InvalidDatasetName, error.ErrorId);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void NullIsRefusedWithTheSameError()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetName.Parse(null));
        Assert.Equal(ErrorIds.InvalidDatasetName, error.ErrorId);
        Assert.False(DatasetName.TryParse(null, out _));
    }

    [Fact]
    public void LengthLimitIs255Bytes()
    {
        var ok = "zones/" + new string('a', 255 - 6);
        Assert.Equal(255, DatasetName.Parse(ok).Value.Length);
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetName.Parse(ok + "a"));
        Assert.Contains("256 bytes", error.Message);
    }

    [Fact]
    public void NestingDepthMustStayBelowFifty()
    {
        var depth49 = "zones" + string.Concat(Enumerable.Repeat("/a", 49));
        Assert.Equal(49, DatasetName.Parse(depth49).Depth);
        var error = Assert.Throws<ZoneDelegationException>(() => DatasetName.Parse(depth49 + "/a"));
        Assert.Contains("50 levels", error.Message);
    }

    [Fact]
    public void PoolNameLengthIsLimitedTo239()
    {
        Assert.True(DatasetName.TryParse("p" + new string('a', 238), out _));
        Assert.False(DatasetName.TryParse("p" + new string('a', 239), out _));
    }

    [Fact]
    public void DatasetNavigation()
    {
        var data = DatasetName.Parse("zones/61316833-2323-4d07-a4be-4a25d76f63a6/data");
        Assert.Equal("zones", data.Pool);
        Assert.Equal(2, data.Depth);
        Assert.Equal("data", data.LeafName);
        Assert.Equal("zones/61316833-2323-4d07-a4be-4a25d76f63a6", data.Parent!.Value);
        Assert.Null(DatasetName.Parse("zones").Parent);
        Assert.True(DatasetName.Parse("zones").IsPoolRoot);
        Assert.True(data.Parent.Contains(data));
        Assert.True(data.Contains(data));
        Assert.False(data.Contains(data.Parent));
        Assert.False(DatasetName.Parse("zones/a").Contains(DatasetName.Parse("zones/ab")));
        Assert.Equal("zones/61316833-2323-4d07-a4be-4a25d76f63a6/data/pg", data.Child("pg").Value);
        Assert.Throws<ZoneDelegationException>(() => data.Child("../x"));
        Assert.Equal("zones/61316833-2323-4d07-a4be-4a25d76f63a6/data@s1", data.Snapshot("s1").Value);
        string asArgument = data;
        Assert.Equal(data.Value, asArgument);
    }

    [Theory]
    [InlineData("zones/a@s1", "zones/a", "s1")]
    [InlineData("zones/a/data@daily 2016-09-16", "zones/a/data", "daily 2016-09-16")]
    [InlineData("zones@vmsnap-x:1", "zones", "vmsnap-x:1")]
    public void ValidSnapshotNamesParse(string text, string dataset, string shortName)
    {
        var name = SnapshotName.Parse(text);
        Assert.Equal(dataset, name.Dataset.Value);
        Assert.Equal(shortName, name.ShortName);
    }

    [Theory]
    [InlineData("zones/a", "no '@'")]
    [InlineData("zones/a@", "empty")]
    [InlineData("@s1", "dataset part is empty")]
    [InlineData("zones/a@s1@s2", "position 11 is a second delimiter")]
    [InlineData("zones/a@s1#b", "position 11 is a second delimiter")]
    [InlineData("zones/a#b", "'#' at position 8")]
    [InlineData("zones/a@s/1", "'/' at position 10")]
    [InlineData("zones/a@s;1", "';' at position 10")]
    [InlineData("zones/a@s%1", "'%' at position 10")]
    [InlineData("zones/a@..", "'..'")]
    [InlineData("zones//a@s", "empty component")]
    [InlineData("mirror@s", "reserved")]
    public void InvalidSnapshotNamesAreExplained(string text, string expected)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => SnapshotName.Parse(text));
        Assert.Equal(ErrorIds.InvalidSnapshotName, error.ErrorId);
        Assert.Equal(text, error.Target);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void SnapshotLengthCountsTheWholeName()
    {
        var dataset = "zones/" + new string('a', 240);
        Assert.True(SnapshotName.TryParse(dataset + "@" + new string('s', 255 - dataset.Length - 1), out _));
        Assert.False(SnapshotName.TryParse(dataset + "@" + new string('s', 256 - dataset.Length - 1), out _));
    }

    [Fact]
    public void BookmarksUseHash()
    {
        var bookmark = BookmarkName.Parse("zones/a#daily");
        Assert.Equal("zones/a", bookmark.Dataset.Value);
        Assert.Equal("daily", bookmark.ShortName);
        var error = Assert.Throws<ZoneDelegationException>(() => BookmarkName.Parse("zones/a@daily"));
        Assert.Equal(ErrorIds.InvalidSnapshotName, error.ErrorId);
    }

    [Theory]
    [InlineData("quota")]
    [InlineData("snapshot_limit")]
    [InlineData("filesystem_count")]
    [InlineData("org.opensolaris.libbe:parentbe")]
    [InlineData("com.example:a-b_c.d")]
    [InlineData(":")]
    public void ValidPropertyNamesParse(string text)
    {
        Assert.Equal(text, ZfsPropertyName.Parse(text).Value);
    }

    [Theory]
    [InlineData("Quota", "'Q' at position 1")]
    [InlineData("sharenfs", "not a native property this module reads or sets")]
    [InlineData("com.example:A", "'A' at position 13")]
    [InlineData("com.example:a b", "' ' at position 14")]
    [InlineData("com.example:a=b", "'=' at position 14")]
    [InlineData("-o:x", "must not start with '-'")]
    [InlineData("", "empty")]
    public void InvalidPropertyNamesAreExplained(string text, string expected)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ZfsPropertyName.Parse(text));
        Assert.Equal(ErrorIds.InvalidPropertyName, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidArgument, error.Category);
        Assert.Contains(expected, error.Message);
        Assert.Contains("snapshot_limit", error.Hint);
    }

    [Fact]
    public void UserPropertyNamesAreUnder256Characters()
    {
        Assert.True(ZfsPropertyName.TryParse("a:" + new string('b', 253), out var ok));
        Assert.True(ok.IsUserProperty);
        Assert.False(ZfsPropertyName.TryParse("a:" + new string('b', 254), out _));
    }

    [Fact]
    public void PropertyKindsComeFromTheAllowList()
    {
        Assert.Equal(ZfsPropertyKind.Integer, ZfsPropertyName.Parse("snapshot_limit").Kind);
        Assert.Equal(ZfsPropertyKind.Text, ZfsPropertyName.Parse("mountpoint").Kind);
        Assert.Equal(ZfsPropertyKind.Text, ZfsPropertyName.Parse("com.example:size").Kind);
    }

    [Theory]
    [InlineData("61316833-2323-4d07-a4be-4a25d76f63a6")]
    [InlineData("61316833-2323-4D07-A4BE-4A25D76F63A6")]
    public void ZoneUuidsParse(string text)
    {
        var uuid = ZoneUuid.Parse(text);
        Assert.Equal(text, uuid.Value);
        Assert.Equal(ZoneUuid.Parse(text.ToLowerInvariant()), uuid);
        Assert.Equal("zones/" + text, uuid.ZoneRoot().Value);
        Assert.Equal("zones/" + text + "/data", uuid.DelegatedDataset().Value);
    }

    [Theory]
    [InlineData("61316833-2323-4d07-a4be-4a25d76f63a6;reboot", "';' at position 37")]
    [InlineData("$(reboot)", "'$' at position 1")]
    [InlineData("61316833-2323-4d07-a4be-4a25d76f63a ", "' ' at position 36")]
    [InlineData("../../../../etc/passwd", "'.' at position 1")]
    [InlineData("61316833 2323-4d07-a4be-4a25d76f63a6", "' ' at position 9")]
    [InlineData("g1316833-2323-4d07-a4be-4a25d76f63a6", "'g' at position 1")]
    [InlineData("61316833-2323-4d07-a4be", "23 characters")]
    [InlineData("", "empty")]
    public void ZoneUuidRefusesAnythingElse(string text, string expected)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ZfsName.Zone(text));
        Assert.Equal(ErrorIds.InvalidZoneUuid, error.ErrorId);
        Assert.Equal(text, error.Target);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("before-upgrade")]
    [InlineData("a")]
    [InlineData("v1.2_3:4")]
    public void VmSnapshotNamesParse(string text)
    {
        var name = VmSnapshotName.Parse(text);
        Assert.Equal("vmsnap-" + text, name.ZfsShortName);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a%b", "'%' at position 2")]
    [InlineData("a b", "' ' at position 2")]
    [InlineData("a/b", "'/' at position 2")]
    [InlineData("a@b", "'@' at position 2")]
    public void VmSnapshotNamesRefused(string text, string expected)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ZfsName.VmSnapshot(text));
        Assert.Equal(ErrorIds.InvalidSnapshotName, error.ErrorId);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void VmSnapshotNamesAreAtMost64Characters()
    {
        Assert.True(VmSnapshotName.TryParse(new string('a', 64), out _));
        var error = Assert.Throws<ZoneDelegationException>(() => VmSnapshotName.Parse(new string('a', 65)));
        Assert.Contains("65 characters", error.Message);
    }

    [Fact]
    public void FacadeReturnsTheTypedNames()
    {
        Assert.IsType<DatasetName>(ZfsName.Dataset("zones/a"));
        Assert.IsType<SnapshotName>(ZfsName.Snapshot("zones/a@b"));
        Assert.IsType<BookmarkName>(ZfsName.Bookmark("zones/a#b"));
        Assert.IsType<ZfsPropertyName>(ZfsName.Property("quota"));
        Assert.Equal(ErrorIds.InvalidDatasetName, Assert.Throws<ZoneDelegationException>(() => ZfsName.Dataset("a b;c")).ErrorId);
    }
}

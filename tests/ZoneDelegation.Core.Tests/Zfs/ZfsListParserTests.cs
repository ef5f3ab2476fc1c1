using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Tests.Zfs;

public class ZfsListParserTests
{
    private static readonly ZfsFieldList LimitFields = new(
        "name", "type", "used", "available", "quota", "mountpoint", "zoned",
        "filesystem_limit", "snapshot_limit", "filesystem_count", "snapshot_count");

    private static List<ZfsListRow> Parse(string text, ZfsFieldList fields, bool requireRows = false) =>
        ZfsListParser.Parse(new StringReader(text), fields, requireRows).ToList();

    private static ParseException Fails(string text, ZfsFieldList fields, bool requireRows = false)
    {
        var error = Assert.Throws<ParseException>(() => Parse(text, fields, requireRows));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidResult, error.Category);
        Assert.Equal("zfs list", error.OutputOf);
        return error;
    }

    [Fact]
    public void GoldenSampleE_LimitsOfAZoneRootAndItsDelegatedDataset()
    {
        using var reader = GoldenFile.Open("E-zfs-list-limits.txt");
        var rows = ZfsListParser.Parse(reader, LimitFields).ToList();
        Assert.Equal(2, rows.Count);

        var root = rows[0];
        Assert.Equal("zones/61316833-2323-4d07-a4be-4a25d76f63a6", root.Name);
        Assert.Equal("filesystem", root.GetText("type"));
        Assert.Equal(1073741824UL, root.GetInteger("used").Value);
        Assert.Equal(10737418240UL, root.GetInteger("quota").Value);
        Assert.Equal("/zones/61316833-2323-4d07-a4be-4a25d76f63a6", root.GetText("mountpoint"));
        Assert.Equal("off", root.GetText("zoned"));
        Assert.Equal(32UL, root.GetInteger("filesystem_limit").Value);
        Assert.Equal(128UL, root.GetInteger("snapshot_limit").Value);
        Assert.Equal(1UL, root.GetInteger("filesystem_count").Value);
        Assert.Equal(0UL, root.GetInteger("snapshot_count").Value);
        Assert.Equal(1, root.LineNumber);

        var data = rows[1];
        Assert.Equal("zones/61316833-2323-4d07-a4be-4a25d76f63a6/data", data.Name);
        Assert.True(data.GetInteger("snapshot_limit").IsUnlimited);
        Assert.Null(data.GetInteger("snapshot_limit").Value);
        Assert.Equal("none", data.GetInteger("filesystem_limit").ToString());
        Assert.Equal(0UL, data.GetInteger("quota").Value); // quota=none prints 0 under -p; the caller interprets it
        Assert.Equal("on", data.GetText("zoned"));
    }

    [Fact]
    public void SnapshotListingHasTypedColumns()
    {
        using var reader = GoldenFile.Open("zfs-list-snapshots.txt");
        var rows = ZfsListParser.Parse(reader, ZfsFieldList.SnapshotListing).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal("zones/61316833-2323-4d07-a4be-4a25d76f63a6/data@daily 2016-09-16", rows[1].Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1474012400), rows[1].GetTimestamp("creation"));
        Assert.Equal(0UL, rows[1].GetInteger("used").Value);
        Assert.Equal(98304UL, rows[1].GetInteger("referenced").Value);
        var used = ZfsFieldList.SnapshotListing.IndexOf("used");
        Assert.Equal(65536UL, rows[2].GetInteger(used).Value);
        Assert.All(rows, r => SnapshotName.Parse(r.Name));
    }

    [Fact]
    public void DashIsAbsentForIntegersAndNullForText()
    {
        // A snapshot: snapshot_count does not apply to it, so zfs prints '-'.
        var fields = new ZfsFieldList("name", "origin", "snapshot_count");
        var row = Assert.Single(Parse("zones/a@s\t-\t-\n", fields));
        Assert.Null(row.GetText("origin"));
        Assert.True(row.GetInteger("snapshot_count").IsAbsent);
        Assert.Equal("-", row.GetInteger("snapshot_count").ToString());
    }

    [Fact]
    public void UserPropertyColumnsAreText()
    {
        var fields = new ZfsFieldList("name", "org.opensolaris.libbe:active");
        var row = Assert.Single(Parse("zones/a/ROOT/zbe\ton\n", fields));
        Assert.Equal("on", row.GetText("org.opensolaris.libbe:active"));
    }

    [Fact]
    public void SpacesAreNotSeparators()
    {
        var fields = new ZfsFieldList("name", "mountpoint");
        var row = Assert.Single(Parse("tank/my data\t/mnt/my data\n", fields));
        Assert.Equal("tank/my data", row.Name);
        Assert.Equal("/mnt/my data", row.GetText("mountpoint"));
    }

    [Fact]
    public void EmptyOutputIsNoRowsUnlessRowsAreRequired()
    {
        Assert.Empty(Parse(string.Empty, ZfsFieldList.SnapshotListing));
        var error = Fails(string.Empty, ZfsFieldList.SnapshotListing, requireRows: true);
        Assert.Equal(0, error.LineNumber);
        Assert.Contains("no output", error.Message);
    }

    [Fact]
    public void RowsStreamBeforeALaterBadLine()
    {
        var rows = ZfsListParser.Parse(new StringReader("zones/a@1\t1\t2\t3\nzones/a@2\t1\tx\t3\n"), ZfsFieldList.SnapshotListing);
        using var enumerator = rows.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal("zones/a@1", enumerator.Current.Name);
        var error = Assert.Throws<ParseException>(() => enumerator.MoveNext());
        Assert.Equal(2, error.LineNumber);
    }

    [Theory]
    [InlineData("zones/a@1\t1\t2\t3\nzones/a@2\t1\t2\n", 2, "expected 4 TAB-separated fields (name,creation,used,referenced) but found 3")]
    [InlineData("zones/a@1\t1\t2\t3\t4\n", 1, "found 5")]
    [InlineData("zones/a@1\t1\t2\t3\n\n", 2, "found 0")]
    [InlineData("zones/a@1\t1\t2x\t3\n", 1, "field 3 (used) is '2x'; expected an integer or '-'")]
    [InlineData("zones/a@1\t1\t-5\t3\n", 1, "'-5'")]
    [InlineData("zones/a@1\t1\t 5\t3\n", 1, "' 5'")]
    [InlineData("zones/a@1\t1\t1.5G\t3\n", 1, "'1.5G'")]
    [InlineData("zones/a@1\t1\t18446744073709551616\t3\n", 1, "18446744073709551616")]
    [InlineData("zones/a@1\t1\t\t3\n", 1, "field 3 (used) is ''")]
    [InlineData("zones/a@1\t1\t2\t3\r\n", 1, "CR LF")]
    [InlineData("zones/a@1\t1\t2\t3\nzones/a@2\t1\t2\t3", 2, "cut short")]
    [InlineData("zones/a@1\t1\t2\t3\nzones/a@2\t1\t2\t30", 2, "cut short")]
    [InlineData("-\t1\t2\t3\n", 1, "(name) is '-'")]
    [InlineData("\t1\t2\t3\n", 1, "(name) is empty")]
    [InlineData("zones/a@1 1 2 3\n", 1, "found 1")]
    public void MalformedLinesAreParseErrorsWithTheLineNumber(string text, long line, string expected)
    {
        var error = Fails(text, ZfsFieldList.SnapshotListing);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains($"line {line}:", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void LinesLongerThanTheBufferAreRead()
    {
        var fields = new ZfsFieldList("name", "com.example:note");
        var note = new string('x', 100_000);
        var row = Assert.Single(Parse($"zones/a\t{note}\n", fields));
        Assert.Equal(note, row.GetText("com.example:note"));
    }

    [Fact]
    public void WrongKindOrUnlistedFieldIsAProgrammingError()
    {
        var row = Assert.Single(Parse("zones/a@1\t1\t2\t3\n", ZfsFieldList.SnapshotListing));
        Assert.Throws<InvalidOperationException>(() => row.GetText("used"));
        Assert.Throws<InvalidOperationException>(() => row.GetInteger("name"));
        Assert.Throws<InvalidOperationException>(() => row.GetInteger("quota"));
    }

    [Fact]
    public void FieldListsAreValidated()
    {
        Assert.Equal("name,creation,used,referenced", ZfsFieldList.SnapshotListing.Argument);
        Assert.Equal(ErrorIds.InvalidPropertyName,
            Assert.Throws<ZoneDelegationException>(() => new ZfsFieldList("name", "used;reboot")).ErrorId);
        Assert.Equal(ErrorIds.InvalidPropertyName,
            Assert.Throws<ZoneDelegationException>(() => new ZfsFieldList("name", "name")).ErrorId);
        Assert.Equal(ErrorIds.InvalidPropertyName,
            Assert.Throws<ZoneDelegationException>(() => new ZfsFieldList(Array.Empty<string>())).ErrorId);
    }

    [Theory]
    [InlineData("0", ZfsIntegerState.Value, 0UL)]
    [InlineData("18446744073709551614", ZfsIntegerState.Value, 18446744073709551614UL)]
    [InlineData("18446744073709551615", ZfsIntegerState.Unlimited, null)]
    [InlineData("-", ZfsIntegerState.Absent, null)]
    public void IntegerStates(string text, ZfsIntegerState state, ulong? value)
    {
        Assert.True(ZfsInteger.TryParse(text, out var parsed));
        Assert.Equal(state, parsed.State);
        Assert.Equal(value, parsed.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    [InlineData("none")]
    [InlineData("--")]
    public void NonIntegersAreRefused(string text) => Assert.False(ZfsInteger.TryParse(text, out _));
}

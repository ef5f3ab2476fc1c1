using Xunit;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Tests.Zfs;

public class ZfsPropertyPivotTests
{
    private static readonly string[] SnapshotProperties = ["creation", "used", "referenced"];

    private static List<ZfsPropertySet> Pivot(string text, IReadOnlyCollection<string>? required = null) =>
        ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(new StringReader(text)), required).ToList();

    [Fact]
    public void ConsecutiveRowsBecomeOneRecordPerDataset()
    {
        var sets = Pivot(
            "zones/a@1\tcreation\t100\t-\nzones/a@1\tused\t0\t-\nzones/a@1\treferenced\t5\t-\n" +
            "zones/a/data@x y\tcreation\t200\t-\nzones/a/data@x y\tused\t7\t-\nzones/a/data@x y\treferenced\t9\t-\n",
            SnapshotProperties);
        Assert.Equal(["zones/a@1", "zones/a/data@x y"], sets.Select(s => s.Name));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(200), sets[1].GetTimestamp("creation"));
        Assert.Equal(7UL, sets[1].GetInteger("used").Value);
        Assert.Equal(4, sets[1].FirstLineNumber);
        Assert.Null(sets[0].GetText("mountpoint"));
        Assert.True(sets[0].GetInteger("snapshot_limit").IsAbsent);
    }

    [Fact]
    public void GoldenZfsFuseCaptureGroupsEveryDatasetOnce()
    {
        using var reader = GoldenFile.Open("zfs-fuse-get-recursive.txt");
        var sets = ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(reader),
            ["creation", "used", "referenced", "quota", "mountpoint", "compression", "zoned", "com.example:note"]).ToList();
        var names = GoldenFile.Lines("zfs-fuse-get-recursive.txt").Select(l => l.Split('\t')[0]).Distinct().ToList();
        Assert.Equal(names, sets.Select(s => s.Name));
        Assert.Equal(7, sets.Count);
        Assert.All(sets, s => Assert.Equal(8, s.Properties.Count));
        var delegated = sets.Single(s => s.Name.EndsWith("/data", StringComparison.Ordinal));
        Assert.Equal("on", delegated.GetText("zoned"));
        Assert.Equal("two words", delegated.GetText("com.example:note"));
        var zoneRoot = sets.Single(s => s.Name.EndsWith("d76f63a6", StringComparison.Ordinal));
        Assert.Equal(10UL * 1024 * 1024 * 1024, zoneRoot.GetInteger("quota").Value);
        var snapshot = sets.Single(s => s.Name.EndsWith("@daily 1", StringComparison.Ordinal));
        Assert.True(snapshot.GetInteger("quota").IsAbsent);
        Assert.NotNull(snapshot.GetTimestamp("creation"));
    }

    [Fact]
    public void AMissingRequiredPropertyIsAParseError()
    {
        var error = Assert.Throws<ParseException>(() => Pivot(
            "zones/a@1\tcreation\t100\t-\nzones/a@1\tused\t0\t-\nzones/a@2\tcreation\t100\t-\nzones/a@2\tused\t0\t-\nzones/a@2\treferenced\t1\t-\n",
            SnapshotProperties));
        Assert.Equal(1, error.LineNumber);
        Assert.Contains("zones/a@1 has no referenced row", error.Message);
    }

    [Fact]
    public void ATruncatedLastDatasetIsAParseError()
    {
        var error = Assert.Throws<ParseException>(() => Pivot(
            "zones/a@1\tcreation\t100\t-\nzones/a@1\tused\t0\t-\nzones/a@1\treferenced\t5\t-\nzones/a@2\tcreation\t100\t-\n",
            SnapshotProperties));
        Assert.Equal(4, error.LineNumber);
    }

    [Fact]
    public void ADuplicatePropertyIsAParseError()
    {
        var error = Assert.Throws<ParseException>(() => Pivot("zones/a\tused\t1\t-\nzones/a\tused\t2\t-\n"));
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("appears twice", error.Message);
    }

    [Fact]
    public void PivotStreams()
    {
        // Each record is yielded as soon as the next dataset begins, before the stream ends.
        var rows = ZfsGetParser.ParseZfsGet(new StringReader(
            "zones/a\tused\t1\t-\nzones/b\tused\t2\t-\nzones/c\tused\t3\t-\nzones/d\tused\tbad\t-\n"));
        using var enumerator = ZfsPropertyPivot.GroupByDataset(rows).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal("zones/a", enumerator.Current.Name);
        Assert.True(enumerator.MoveNext());
        Assert.Equal("zones/b", enumerator.Current.Name);
        Assert.Equal(4, Assert.Throws<ParseException>(() => enumerator.MoveNext()).LineNumber);
    }
}

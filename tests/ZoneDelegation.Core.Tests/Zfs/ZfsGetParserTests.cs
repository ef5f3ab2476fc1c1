using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Tests.Zfs;

public class ZfsGetParserTests
{
    private static List<ZfsPropertyRow> Parse(string text) => ZfsGetParser.ParseZfsGet(new StringReader(text)).ToList();

    [Fact]
    public void GoldenSampleF_PropertiesOfADelegatedDataset()
    {
        using var reader = GoldenFile.Open("F-zfs-get-data.txt");
        var rows = ZfsGetParser.ParseZfsGet(reader).ToList();
        Assert.Equal(["quota", "zoned", "compression", "snapshot_limit"], rows.Select(r => r.Property));
        Assert.All(rows, r => Assert.Equal("zones/61316833-2323-4d07-a4be-4a25d76f63a6/data", r.Name));
        Assert.Equal(new ZfsPropertySource(ZfsPropertySourceKind.Default), rows[0].Source);
        Assert.Equal(0UL, rows[0].GetInteger().Value);
        Assert.Equal(ZfsPropertySourceKind.Local, rows[1].Source.Kind);
        Assert.Equal("on", rows[1].Value);
        Assert.Equal("lz4", rows[2].Value);
        Assert.True(rows[3].GetInteger().IsUnlimited);
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void GoldenZfsFuseCapture_InheritedSourcesAndSnapshots()
    {
        var lines = GoldenFile.Lines("zfs-fuse-get-recursive.txt");
        using var reader = GoldenFile.Open("zfs-fuse-get-recursive.txt");
        var rows = ZfsGetParser.ParseZfsGet(reader).ToList();
        Assert.Equal(lines.Length, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            // Every row round-trips to the line it came from.
            Assert.Equal(lines[i], $"{rows[i].Name}\t{rows[i].Property}\t{rows[i].Value}\t{rows[i].Source}");
        }

        var inherited = rows.Where(r => r.Source.Kind == ZfsPropertySourceKind.Inherited).ToList();
        Assert.NotEmpty(inherited);
        // "inherited from <ds>" names an ancestor, even when names contain spaces.
        Assert.All(inherited, r => Assert.StartsWith(r.Source.InheritedFrom!, r.Name, StringComparison.Ordinal));
        Assert.Contains(inherited, r => r.Property == "com.example:note" && r.Value == "two words" &&
                                        r.Name.Contains("my db@", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Name.Contains('@') && r.Property == "creation" && r.GetTimestamp() is not null);
    }

    [Theory]
    [InlineData("-", ZfsPropertySourceKind.None, null)]
    [InlineData("default", ZfsPropertySourceKind.Default, null)]
    [InlineData("local", ZfsPropertySourceKind.Local, null)]
    [InlineData("received", ZfsPropertySourceKind.Received, null)]
    [InlineData("temporary", ZfsPropertySourceKind.Temporary, null)]
    [InlineData("inherited from zones/my data", ZfsPropertySourceKind.Inherited, "zones/my data")]
    public void Sources(string text, ZfsPropertySourceKind kind, string? from)
    {
        var row = Assert.Single(Parse($"zones/a\tcompression\tlz4\t{text}\n"));
        Assert.Equal(kind, row.Source.Kind);
        Assert.Equal(from, row.Source.InheritedFrom);
        Assert.Equal(text, row.Source.ToString());
    }

    [Fact]
    public void UserPropertyValuesMayContainTabsAndSpaces()
    {
        var row = Assert.Single(Parse("zones/a\tcom.example:note\ta\tb c\tlocal\n"));
        Assert.Equal("a\tb c", row.Value);
        Assert.Equal(ZfsPropertySourceKind.Local, row.Source.Kind);
    }

    [Fact]
    public void EmptyValueIsKept()
    {
        var row = Assert.Single(Parse("zones/a\tcom.example:note\t\tlocal\n"));
        Assert.Equal(string.Empty, row.Value);
    }

    [Fact]
    public void AbsentPropertyRow()
    {
        var row = Assert.Single(Parse("zones/a\tcom.example:note\t-\t-\n"));
        Assert.True(row.IsAbsent);
    }

    [Fact]
    public void NonNumericValueOfAUserPropertyFailsOnlyWhenReadAsInteger()
    {
        var row = Assert.Single(Parse("zones/a\tline\tx\tlocal\nzones/a\tcom.example:n\tabc\tlocal\n".Split('\n')[1] + "\n"));
        var error = Assert.Throws<ParseException>(() => row.GetInteger());
        Assert.Equal(1, error.LineNumber);
    }

    [Theory]
    [InlineData("", 0, "no output")]
    [InlineData("zones/a\tquota\t0\n", 1, "expected 4 TAB-separated fields")]
    [InlineData("zones/a\tquota\n", 1, "found 2")]
    [InlineData("zones/a\n", 1, "found 1")]
    [InlineData("zones/a\tquota\t0\tdefault\textra\n", 1, "found 5")]
    [InlineData("zones/a\tquota\t10G\tlocal\n", 1, "'10G'; expected an integer")]
    [InlineData("zones/a\tsnapshot_limit\tnone\tdefault\n", 1, "'none'")]
    [InlineData("zones/a\tquota\t0\tinherited\n", 1, "the source field is 'inherited'")]
    [InlineData("zones/a\tquota\t0\tinherited from \n", 1, "the source field")]
    [InlineData("zones/a\tquota\t0\tdefault\r\n", 1, "CR LF")]
    [InlineData("zones/a\tquota\t0\tdefault\nzones/a\tzoned\ton\tloc", 2, "cut short")]
    [InlineData("\tquota\t0\tdefault\n", 1, "name field is empty")]
    [InlineData("zones/a\t\t0\tdefault\n", 1, "property field is empty")]
    public void MalformedZfsGetOutput(string text, long line, string expected)
    {
        var error = Assert.Throws<ParseException>(() => Parse(text));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void EmptyOutputCanBeAllowed() =>
        Assert.Empty(ZfsGetParser.ParseZfsGet(new StringReader(string.Empty), requireRows: false));

    [Fact]
    public void GoldenSampleG_PoolFeature()
    {
        using var reader = GoldenFile.Open("G-zpool-get-feature.txt");
        var row = Assert.Single(ZfsGetParser.ParseZpoolGet(reader));
        Assert.Equal("zones", row.Name);
        Assert.Equal(PoolFeature.FilesystemLimits, row.Property);
        Assert.Equal(PoolFeatureState.Active, PoolFeature.ParseState(row));
        Assert.True(PoolFeature.IsUsable(PoolFeature.ParseState(row)));
    }

    [Theory]
    [InlineData("disabled", nameof(PoolFeatureState.Disabled), false)]
    [InlineData("enabled", nameof(PoolFeatureState.Enabled), true)]
    [InlineData("active", nameof(PoolFeatureState.Active), true)]
    public void FeatureStates(string value, string stateName, bool usable)
    {
        // By name: PoolFeatureState is internal, and a public test method cannot take it.
        var state = Enum.Parse<PoolFeatureState>(stateName);
        var row = Assert.Single(ZfsGetParser.ParseZpoolGet(new StringReader($"zones\tfeature@filesystem_limits\t{value}\tlocal\n")));
        Assert.Equal(state, PoolFeature.ParseState(row));
        Assert.Equal(usable, PoolFeature.IsUsable(state));
    }

    [Fact]
    public void UnknownFeatureStateIsAParseError()
    {
        var row = Assert.Single(ZfsGetParser.ParseZpoolGet(new StringReader("zones\tfeature@filesystem_limits\t-\t-\n")));
        var error = Assert.Throws<ParseException>(() => PoolFeature.ParseState(row));
        Assert.Equal("zpool get", error.OutputOf);
        Assert.Equal(1, error.LineNumber);
    }

    [Fact]
    public void ZpoolHumanValuesAreNotCheckedAsIntegers()
    {
        var row = Assert.Single(ZfsGetParser.ParseZpoolGet(new StringReader("zones\tsize\t250M\t-\n")));
        Assert.Equal("250M", row.Value);
    }
}

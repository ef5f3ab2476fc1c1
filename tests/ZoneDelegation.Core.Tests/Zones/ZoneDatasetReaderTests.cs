using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

public sealed class ZoneDatasetReaderTests
{
    private static readonly DatasetName Root = DatasetName.Parse("tank/61316833-2323-4d07-a4be-4a25d76f63a6");

    private static ZoneDatasetProperties Interpret(string output) =>
        ZoneDatasetReader.Interpret(Root, ZfsGetParser.ParseZfsGet(new StringReader(output)));

    [Fact]
    public void ReadsTheRootsLimitsAndDatasZoned()
    {
        var properties = Interpret(
            $"{Root}\tzoned\toff\tdefault\n{Root}\tsnapshot_limit\t128\tlocal\n{Root}\tfilesystem_limit\t32\tlocal\n" +
            $"{Root}/data\tzoned\ton\tlocal\n{Root}/data\tsnapshot_limit\t18446744073709551615\tdefault\n{Root}/data\tfilesystem_limit\t18446744073709551615\tdefault\n");
        Assert.Equal(new ZoneDatasetProperties(Root.Value, 128, 32, true, true), properties);
    }

    [Fact]
    public void UnlimitedIsNullAndAMissingDataDatasetIsNoZoned()
    {
        var properties = Interpret(
            $"{Root}\tzoned\toff\tdefault\n{Root}\tsnapshot_limit\t18446744073709551615\tdefault\n{Root}\tfilesystem_limit\t18446744073709551615\tdefault\n");
        Assert.Equal(new ZoneDatasetProperties(Root.Value, null, null, false, null), properties);
    }

    [Fact]
    public void NoRootRowsIsAParseError()
    {
        var error = Assert.Throws<ParseException>(() =>
            Interpret("tank/other\tzoned\toff\tdefault\ntank/other\tsnapshot_limit\t1\tlocal\ntank/other\tfilesystem_limit\t1\tlocal\n"));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
    }
}

using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Parsing;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

/// <summary>Issue 8 item 10: hostile output from a CN is a ParseError or InvalidPayload, never an UnexpectedError.</summary>
public class HostileOutputTests
{
    [Theory]
    [InlineData("253402300800")] // the first second of the year 10000
    [InlineData("9223372036854775808")] // past long.MaxValue
    [InlineData("18446744073709551614")]
    public void ACreationTimePastTheYear9999IsAParseError(string seconds)
    {
        var rows = ZfsListParser.Parse(new StringReader($"zones/z@a\t{seconds}\t1\t2\n"), ZfsFieldList.SnapshotListing);
        var error = Assert.Throws<ParseException>(() => rows.Single().GetTimestamp("creation"));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
    }

    [Fact]
    public void TheLastSecondOfTheYear9999IsStillATime()
    {
        var row = ZfsListParser.Parse(new StringReader($"zones/z@a\t{UnixTime.MaxSeconds}\t1\t2\n"), ZfsFieldList.SnapshotListing).Single();
        Assert.Equal(9999, row.GetTimestamp("creation")!.Value.Year);
    }

    [Fact]
    public void DuplicateKeysInVmadmJsonAreAParseError()
    {
        var error = Assert.Throws<ParseException>(() => VmadmJsonParser.ParseObject(new StringReader("{\"uuid\": \"a\", \"alias\": \"x\", \"alias\": \"y\"}")));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateKeysInAListingAreAParseError()
    {
        var listing = "[{\"uuid\": \"a\"}, {\"uuid\": \"b\", \"uuid\": \"c\"}]";
        Assert.Throws<ParseException>(() => VmadmJsonParser.ParseArray(new StringReader(listing)).ToList());
    }

    [Fact]
    public void DuplicateKeysInThePayloadAreInvalidPayload()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => JsonPayload.From("{\"brand\": \"joyent\", \"brand\": \"lx\"}"));
        Assert.Equal(ErrorIds.InvalidPayload, error.ErrorId);
    }
}

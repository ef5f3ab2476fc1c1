using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Tests.Platform;

public class PlatformStampTests
{
    [Theory]
    [InlineData("20150418T012345Z")]
    [InlineData("20000101T000000Z")]
    [InlineData("20991231T235959Z")]
    [InlineData("20160229T120000Z")] // leap day
    public void ValidStampsParse(string text)
    {
        var stamp = PlatformStamp.Parse(text);
        Assert.Equal(text, stamp.ToString());
        Assert.Equal(TimeSpan.Zero, stamp.Timestamp.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("20150418")]
    [InlineData("joyent_20150418T012345Z")]
    [InlineData("20150418T012345")]
    [InlineData("20150418t012345z")]
    [InlineData("19991231T235959Z")] // DAPI requires 20xx
    [InlineData("20150230T000000Z")] // no such day
    [InlineData("20150431T000000Z")]
    [InlineData("20150229T000000Z")] // not a leap year
    [InlineData("20151301T000000Z")]
    [InlineData("20150418T250000Z")]
    [InlineData("20150418T012360Z")]
    [InlineData(" 20150418T012345Z")]
    public void MalformedStampsAreRefusedWithAClearError(string? text)
    {
        Assert.False(PlatformStamp.TryParse(text, out _));
        var error = Assert.Throws<ZoneDelegationException>(() => PlatformStamp.Parse(text));
        Assert.Equal(ErrorIds.InvalidPlatformStamp, error.ErrorId);
        Assert.Equal(text, error.Target);
        Assert.Contains("YYYYMMDDTHHMMSSZ", error.Hint);
    }

    [Fact]
    public void StampsAreOrderedChronologically()
    {
        var stamps = new[] { "20181011T004530Z", "20150418T000000Z", "20150418T000001Z", "20121211T203034Z" }
            .Select(PlatformStamp.Parse).Order().Select(s => s.Value);
        Assert.Equal(["20121211T203034Z", "20150418T000000Z", "20150418T000001Z", "20181011T004530Z"], stamps);
        Assert.True(PlatformStamp.Parse("20150418T000001Z") > PlatformStamp.Parse("20150418T000000Z"));
        Assert.True(PlatformStamp.Parse("20150418T000000Z") >= PlatformStamp.Parse("20150418T000000Z"));
        Assert.True(PlatformStamp.Parse("20150418T000000Z").Timestamp < PlatformStamp.Parse("20181011T004530Z").Timestamp);
    }
}

using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Tests.Platform;

public class MinimumPlatformTests
{
    private const string TwoVersions = "{\"6.5\": \"20121211T203034Z\", \"7.0\": \"20150418T000000Z\"}";
    private const string ThreeVersions = "{\"6.5\": \"20121211T203034Z\", \"7.0\": \"20150418T000000Z\", \"7.4\": \"20160101T000000Z\"}";

    private static PlatformStamp Stamp(string text) => PlatformStamp.Parse(text);

    // Every branch of DAPI's filterMinPlatforms, with the versions compared as numbers.
    [Theory]
    // version above the highest key: accepted whatever the stamp
    [InlineData(TwoVersions, "7.1", "20000101T000000Z", true, "newer than every version")]
    [InlineData(TwoVersions, "10.0", "20000101T000000Z", true, "newer than every version")] // "10.0" < "7.0" as strings
    // entry for the version: compare stamps (equal is enough)
    [InlineData(TwoVersions, "7.0", "20150418T000000Z", true, "at or above")]
    [InlineData(TwoVersions, "7.0", "20150418T000001Z", true, "at or above")]
    [InlineData(TwoVersions, "7.0", "20150417T235959Z", false, "older than 20150418T000000Z")]
    [InlineData(TwoVersions, "6.5", "20121211T203034Z", true, "minimum for SDC Version 6.5")]
    [InlineData(TwoVersions, null, "20121211T203034Z", true, "minimum for SDC Version 6.5")] // absent = 6.5
    [InlineData(TwoVersions, "", "20121211T203033Z", false, "requires min platforms")]
    // no entry: accepted only strictly between the lowest and highest keys
    [InlineData(ThreeVersions, "7.2", "20000101T000000Z", true, "lies between 6.5 and 7.4")]
    [InlineData(TwoVersions, "6.6", "20300101T000000Z", true, "lies between 6.5 and 7.0")]
    [InlineData(TwoVersions, "6.0", "20300101T000000Z", false, "not between 6.5 and 7.0")]
    [InlineData("{\"7.0\": \"20150418T000000Z\"}", "6.5", "20300101T000000Z", false, "not between 7.0 and 7.0")]
    // malformed version
    [InlineData(TwoVersions, "seven", "20300101T000000Z", false, "not major.minor")]
    public void DapiRule(string minimum, string? version, string liveImage, bool accepted, string reason)
    {
        var decision = MinimumPlatform.Parse(minimum).Evaluate(version, Stamp(liveImage));
        Assert.Equal(accepted, decision.Accepted);
        Assert.Contains(reason, decision.Reason);
    }

    [Fact]
    public void RejectionReasonQuotesBothSidesLikeDapi()
    {
        var decision = MinimumPlatform.Parse(TwoVersions).Evaluate("7.0", Stamp("20140101T000000Z"));
        Assert.Contains("requires min platforms {\"6.5\":\"20121211T203034Z\",\"7.0\":\"20150418T000000Z\"}, but server has {\"7.0\":\"20140101T000000Z\"}",
            decision.Reason);
    }

    [Theory]
    [InlineData(null, "20150418T000000Z", true)]
    [InlineData("6.5", "20150418T000000Z", true)]
    [InlineData("7.0", "20150418T000000Z", true)]
    [InlineData("7.0", "20150417T000000Z", false)]
    [InlineData(null, "20141231T235959Z", false)]
    public void BareStampAppliesToEveryVersion(string? version, string liveImage, bool accepted)
    {
        var minimum = MinimumPlatform.Parse("20150418T000000Z");
        Assert.Equal(Stamp("20150418T000000Z"), minimum.AnyVersion);
        Assert.Empty(minimum.ByVersion);
        Assert.Equal(accepted, minimum.Evaluate(version, Stamp(liveImage)).Accepted);
    }

    [Fact]
    public void NoLiveImageIsRejected()
    {
        var decision = MinimumPlatform.SafeDelegationDefault.Evaluate("7.0", null);
        Assert.False(decision.Accepted);
        Assert.Contains("no Live Image", decision.Reason);
        Assert.False(MinimumPlatform.Parse(TwoVersions).Evaluate(null, null).Accepted);
    }

    [Fact]
    public void EmptyObjectAcceptsEverything() =>
        Assert.True(MinimumPlatform.Parse("{}").Evaluate("7.0", Stamp("20000101T000000Z")).Accepted);

    [Fact]
    public void NonVersionKeysAreIgnored()
    {
        var minimum = MinimumPlatform.Parse("{\"smartos\": \"garbage\", \"7\": \"x\", \"7.0.1\": \"y\", \"7.0\": \"20150418T000000Z\"}");
        Assert.Equal([new SdcVersionNumber(7, 0)], minimum.ByVersion.Keys);
        Assert.Equal("{\"7.0\":\"20150418T000000Z\"}", minimum.ToString());
    }

    [Fact]
    public void VersionsAreOrderedNumerically()
    {
        var minimum = MinimumPlatform.Parse("{\"10.0\": \"20200101T000000Z\", \"7.0\": \"20150418T000000Z\", \"7.10\": \"20160101T000000Z\", \"7.2\": \"20150601T000000Z\"}");
        Assert.Equal(["7.0", "7.2", "7.10", "10.0"], minimum.ByVersion.Keys.Select(k => k.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2015-04-18")]
    [InlineData("{\"7.0\": \"yesterday\"}")]
    [InlineData("{\"7.0\": 20150418}")]
    [InlineData("{\"7.0\": ")]
    [InlineData("[\"20150418T000000Z\"]")]
    public void MalformedMinimumsAreRefused(string text)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => MinimumPlatform.Parse(text));
        Assert.Equal(ErrorIds.InvalidPlatformStamp, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidArgument, error.Category);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void EvaluatesFromSysInfo()
    {
        var standalone = new SysInfo { LiveImage = Stamp("20160101T000000Z") };
        Assert.True(MinimumPlatform.SafeDelegationDefault.Evaluate(standalone).Accepted);
        // DAPI-style wrapping of a bare default would reject a standalone CN (6.5, below the only key):
        Assert.False(MinimumPlatform.Parse("{\"7.0\": \"20150418T000000Z\"}").Evaluate(standalone).Accepted);
    }

    [Theory]
    [InlineData("7.0", 7, 0)]
    [InlineData("6.5", 6, 5)]
    [InlineData("10.12", 10, 12)]
    public void SdcVersionsParse(string text, int major, int minor)
    {
        Assert.True(SdcVersionNumber.TryParse(text, out var version));
        Assert.Equal(new SdcVersionNumber(major, minor), version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("7.")]
    [InlineData(".0")]
    [InlineData("7.0.1")]
    [InlineData("v7.0")]
    [InlineData(" 7.0")]
    [InlineData("-7.0")]
    [InlineData("٧.٠")] // non-ASCII digits
    [InlineData("99999999999.0")]
    public void SdcVersionsRefused(string? text) => Assert.False(SdcVersionNumber.TryParse(text, out _));

    [Fact]
    public void SdcVersionOrder()
    {
        Assert.True(new SdcVersionNumber(10, 0) > new SdcVersionNumber(7, 0));
        Assert.True(new SdcVersionNumber(7, 10) > new SdcVersionNumber(7, 2));
        Assert.Equal(SdcVersionNumber.Default, new SdcVersionNumber(6, 5));
    }
}

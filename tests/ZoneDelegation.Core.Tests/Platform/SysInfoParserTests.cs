using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Tests.Platform;

public class SysInfoParserTests
{
    [Fact]
    public void GoldenSampleD_TritonCompute()
    {
        using var reader = GoldenFile.Open("D-sysinfo.json");
        var info = SysInfoParser.ParseJson(reader);
        Assert.Equal(PlatformStamp.Parse("20181011T004530Z"), info.LiveImage);
        Assert.Equal("20181011T004530Z", info.LiveImageText);
        Assert.Equal("7.0", info.SdcVersion);
        Assert.False(info.SdcVersionDefaulted);
        Assert.Equal("534d4349-0002-2790-2500-2790250054c5", info.Uuid);
        Assert.Equal("sdc", info.Hostname);
        Assert.Equal("SunOS", info.SystemType);
        Assert.Equal("zones", info.Zpool);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1562528522), info.BootTime);
        Assert.Equal(16375UL, info.MemoryMiB); // a number printed as a string
        Assert.False(info.Setup);                // a boolean printed as a string
        Assert.True(info.VmCapable);            // a real JSON boolean
        Assert.Equal("1797", info.Values["Zpool_Size_in_GiB"]);
        Assert.Equal("true", info.BootParameters["smartos"]);
        Assert.Equal(string.Empty, info.BootParameters["boot_args"]);
        Assert.Equal(4, info.BootParameters.Count);
    }

    [Fact]
    public void HandBuiltJsonFromAStandaloneCnIsTolerated()
    {
        using var reader = GoldenFile.Open("sysinfo-standalone-blank-values.json");
        var info = SysInfoParser.ParseJson(reader);
        Assert.Equal("6.5", info.SdcVersion);          // no SDC Version: DAPI's default
        Assert.True(info.SdcVersionDefaulted);
        Assert.Equal(PlatformStamp.Parse("20150418T012345Z"), info.LiveImage);
        Assert.Null(info.MemoryMiB);                    // "" is unknown, not 0
        Assert.Null(info.Setup);
        Assert.False(info.Values.ContainsKey("CPU_Physical_Cores")); // "key": , became null
        Assert.Equal("8", info.Values["CPU_Total_Cores"]);
        Assert.Equal("SmartOS\tHVM", info.Values["Product"]);      // raw TAB escaped
        Assert.Equal("C:\temp\\x", info.Values["Serial_Number"]);  // \t is JSON; the stray \x is kept literally
        Assert.Equal("ttyb", info.BootParameters["console"]);
    }

    [Fact]
    public void MissingKeysGiveDefaultsAndNulls()
    {
        var info = SysInfoParser.ParseJson(new StringReader("{}\n"));
        Assert.Null(info.LiveImage);
        Assert.Null(info.LiveImageText);
        Assert.Equal("6.5", info.SdcVersion);
        Assert.Equal("zones", info.Zpool);
        Assert.Null(info.Uuid);
        Assert.Null(info.BootTime);
        Assert.Empty(info.BootParameters);
    }

    [Fact]
    public void AMalformedLiveImageIsKeptAsTextOnly()
    {
        var info = SysInfoParser.ParseJson(new StringReader("{\"Live Image\": \"joyent_20150418T012345Z\", \"Boot Time\": \"soon\"}"));
        Assert.Null(info.LiveImage);
        Assert.Equal("joyent_20150418T012345Z", info.LiveImageText);
        Assert.Null(info.BootTime);
    }

    [Theory]
    [InlineData("", 0, "no output")]
    [InlineData("   \n", 0, "no output")]
    [InlineData("Live_Image='20150418T012345Z'\n", 1, "not valid JSON")]
    [InlineData("{\n  \"Live Image\": \"20150418T012345Z\",\n  \"UUID\": \"abc", 3, "not valid JSON")]
    [InlineData("{\n  \"Live Image\": \"20150418T012345Z\",\n  \"UUID\": \"abc\",\n", 4, "not valid JSON")]
    [InlineData("[1, 2]", 1, "expected a JSON object")]
    [InlineData("\"text\"", 1, "expected a JSON object")]
    [InlineData("{\"a\": 1}\n{\"b\": 2}", 2, "not valid JSON")]
    public void NotSysinfoIsAParseError(string text, long line, string expected)
    {
        var error = Assert.Throws<ParseException>(() => SysInfoParser.ParseJson(new StringReader(text)));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ParsableForm()
    {
        using var reader = GoldenFile.Open("sysinfo-p.txt");
        var info = SysInfoParser.ParseParsable(reader);
        Assert.Equal(PlatformStamp.Parse("20150418T012345Z"), info.LiveImage);
        Assert.Equal("7.0", info.SdcVersion);
        Assert.Equal("cn1", info.Hostname);
        Assert.Equal("44454c4c-5000-104d-8037-b7c04f433432", info.Uuid);
        Assert.Equal(16375UL, info.MemoryMiB);   // unquoted in -p
        Assert.True(info.Setup);
        Assert.True(info.VmCapable);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1429320000), info.BootTime);
        Assert.Equal("admin,external", info.Values["Nic_Tags"]);
        Assert.Equal("ttyb", info.BootParameters["console"]);
        Assert.Equal("zones", info.Zpool); // -p has no Zpool line
    }

    [Fact]
    public void BothFormsAgreeOnTheKeysWeUse()
    {
        var json = SysInfoParser.ParseJson(new StringReader("{\"Live Image\": \"20200101T000000Z\", \"SDC Version\": \"7.0\", \"Hostname\": \"h\"}\n"));
        var parsable = SysInfoParser.ParseParsable(new StringReader("Live_Image='20200101T000000Z'\nSDC_Version='7.0'\nHostname='h'\n"));
        Assert.Equal(json.LiveImage, parsable.LiveImage);
        Assert.Equal(json.SdcVersion, parsable.SdcVersion);
        Assert.Equal(json.Hostname, parsable.Hostname);
    }

    [Theory]
    [InlineData("", 0, "no output")]
    [InlineData("Live_Image='20150418T012345Z'\nnot a pair\n", 2, "Key='value'")]
    [InlineData("Live Image='x'\n", 1, "Key='value'")]
    [InlineData("=x\n", 1, "Key='value'")]
    [InlineData("Live_Image='20150418T012345Z'\r\n", 1, "CR LF")]
    [InlineData("Live_Image='20150418T012345Z'\nHostname='cn", 2, "cut short")]
    public void MalformedParsableForm(string text, long line, string expected)
    {
        var error = Assert.Throws<ParseException>(() => SysInfoParser.ParseParsable(new StringReader(text)));
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(expected, error.Message);
    }
}

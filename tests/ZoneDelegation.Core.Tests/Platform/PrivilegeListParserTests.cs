using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Tests.Platform;

public class PrivilegeListParserTests
{
    [Fact]
    public void IllumosListKnowsSysFsImport()
    {
        using var reader = GoldenFile.Open("ppriv-l-illumos.txt");
        var set = PrivilegeListParser.ReadSet(reader);
        Assert.Equal(GoldenFile.Lines("ppriv-l-illumos.txt").Length, set.Count);
        Assert.Contains("sys_fs_import", set);
        Assert.Contains("SYS_FS_IMPORT", set); // privilege names are case-insensitive
    }

    [Fact]
    public void OlderListLacksSysFsImport()
    {
        using var reader = GoldenFile.Open("ppriv-l-no-fs-import.txt");
        var set = PrivilegeListParser.ReadSet(reader);
        Assert.DoesNotContain("sys_fs_import", set);
        Assert.Contains("sys_mount", set);
    }

    [Fact]
    public void SingleNameQuery() =>
        Assert.Equal(["sys_fs_import"], PrivilegeListParser.Parse(new StringReader("sys_fs_import\n")));

    [Theory]
    [InlineData("", 0, "no output")]
    [InlineData("proc_fork\n\nsys_admin\n", 2, "empty")]
    [InlineData("proc_fork\nppriv: sys_bogus: unknown privilege\n", 2, "not a privilege name")]
    [InlineData("proc_fork\r\n", 1, "CR LF")]
    [InlineData("proc_fork\nsys_adm", 2, "cut short")]
    public void Malformed(string text, long line, string expected)
    {
        var error = Assert.Throws<ParseException>(() => PrivilegeListParser.ReadSet(new StringReader(text)));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(expected, error.Message);
    }
}

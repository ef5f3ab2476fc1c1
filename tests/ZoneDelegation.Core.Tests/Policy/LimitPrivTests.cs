using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Tests.Policy;

public class LimitPrivTests
{
    // list, sys_fs_import removed?, removes it last?, unsafe grant token (or null), has base set?
    [Theory]
    [InlineData("default", false, false, null, true)]
    [InlineData("default,-sys_fs_import", true, true, null, true)]
    [InlineData("default,!sys_fs_import", true, true, null, true)]
    [InlineData("default,-SYS_FS_IMPORT", true, true, null, true)]
    [InlineData("default,-priv_sys_fs_import", true, true, null, true)]
    [InlineData(" default , -sys_fs_import ", true, true, null, true)]
    [InlineData("default,,-sys_fs_import,", true, true, null, true)]
    [InlineData("-sys_fs_import", true, true, null, false)]
    [InlineData("default,-sys_fs_import,net_rawaccess", true, true, null, true)]
    [InlineData("default,-sys_fs_import,basic", true, true, null, true)]
    [InlineData("default,net_rawaccess", false, false, null, true)]
    [InlineData("basic", true, false, null, true)]
    [InlineData("none", true, false, null, true)]
    [InlineData("proc_clock_highres", true, false, null, false)]
    [InlineData("default,sys_fs_import", false, false, "sys_fs_import", true)]
    [InlineData("default,+sys_fs_import", false, false, "+sys_fs_import", true)]
    [InlineData("default,priv_sys_fs_import", false, false, "priv_sys_fs_import", true)]
    [InlineData("sys_fs_import,-sys_fs_import", true, true, "sys_fs_import", false)]
    [InlineData("zone", false, false, "zone", true)]
    [InlineData("all", false, false, "all", true)]
    [InlineData("ZONE", false, false, "ZONE", true)]
    [InlineData("zone,-sys_fs_import", true, true, null, true)]
    [InlineData("all,-sys_fs_import", true, true, null, true)]
    [InlineData("default,-sys_fs_import,zone", false, false, "zone", true)]
    [InlineData("-sys_fs_import,all,-sys_fs_import,zone", false, false, "zone", true)]
    [InlineData("zone,none,basic", true, false, null, true)]
    [InlineData("default,-sys_fs_import,default", false, false, null, true)]
    [InlineData("-sys_fs_import,none", true, false, null, true)]
    public void Analyze_follows_illumos_semantics(string list, bool removed, bool removesLast, string? unsafeGrant, bool hasBase)
    {
        var analysis = LimitPriv.Analyze(list);

        Assert.Equal(removed, analysis.IsSysFsImportRemoved);
        Assert.Equal(!removed, analysis.ReceiveAllowed);
        Assert.Equal(removesLast, analysis.RemovesSysFsImportLast);
        Assert.Equal(unsafeGrant, analysis.UnsafeGrant);
        Assert.Equal(hasBase, analysis.HasBaseSet);
        Assert.False(analysis.IsImplicitDefault);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" , ,")]
    public void Absent_blank_or_only_commas_is_vmadms_default_which_allows_receive(string? list)
    {
        var analysis = LimitPriv.Analyze(list);

        Assert.True(analysis.IsImplicitDefault);
        Assert.Equal(["default"], analysis.Tokens);
        Assert.True(analysis.ReceiveAllowed);
    }

    [Theory]
    [InlineData("default", "default,-sys_fs_import")]
    [InlineData(" default , net_rawaccess ", "default,net_rawaccess,-sys_fs_import")]
    [InlineData("default,-sys_fs_import", "default,-sys_fs_import")]
    [InlineData("basic", "basic,-sys_fs_import")]
    [InlineData("default,-sys_fs_import,default", "default,-sys_fs_import,default,-sys_fs_import")]
    public void WithSysFsImportRemoved_appends_unless_already_removed_last(string list, string expected) =>
        Assert.Equal(expected, LimitPriv.WithSysFsImportRemoved(LimitPriv.Analyze(list)));

    [Fact]
    public void Canonical_is_cloudapis_string_and_is_safe()
    {
        Assert.Equal("default,-sys_fs_import", LimitPriv.Canonical);
        var analysis = LimitPriv.Analyze(LimitPriv.Canonical);
        Assert.True(analysis.RemovesSysFsImportLast);
        Assert.Null(analysis.UnsafeGrant);
    }

    [Fact]
    public void Array_form_is_read_like_the_joined_string()
    {
        Assert.True(LimitPriv.TryAnalyze(new JsonArray("default", "-sys_fs_import"), out var analysis));
        Assert.Equal("default,-sys_fs_import", analysis.Text);
        Assert.True(analysis.IsSysFsImportRemoved);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[\"default\", 1]")]
    public void TryAnalyze_rejects_values_that_are_not_lists(string json) =>
        Assert.False(LimitPriv.TryAnalyze(JsonNode.Parse(json), out _));

    [Fact]
    public void TryAnalyze_reads_null_as_the_default()
    {
        Assert.True(LimitPriv.TryAnalyze(null, out var analysis));
        Assert.True(analysis.IsImplicitDefault);
    }
}

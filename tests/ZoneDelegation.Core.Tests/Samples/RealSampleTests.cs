using Xunit;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Parsing;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Samples;

/// <summary>
/// The parsers on output captured on real SmartOS machines (shared/real-samples, see its README for each
/// file's source). The zoneadm samples are read by BootEnvironmentReadTests.
/// </summary>
public sealed class RealSampleTests
{
    [RealSampleTheory]
    [InlineData("sysinfo-01-cnapi-lab-dell-r710-20180128.json", "20180128T233316Z", "4QENZE2", 49139UL, true, 1517295064L)]
    [InlineData("sysinfo-04-smartos-ui-ixsystems-20231102.json", "20231102T000310Z", "smartos", 32740UL, false, 1703559181L)]
    public void Sysinfo_of_a_real_CN_is_read_with_strings_where_numbers_are_expected(string file, string liveImage, string host,
        ulong memoryMiB, bool setup, long bootTime)
    {
        using var reader = RealSamples.Open(file);

        var info = SysInfoParser.ParseJson(reader);

        Assert.Equal(liveImage, info.LiveImageText);
        Assert.NotNull(info.LiveImage);
        Assert.Equal(host, info.Hostname);
        Assert.Equal("zones", info.Zpool);
        Assert.Equal("7.0", info.SdcVersion);
        Assert.False(info.SdcVersionDefaulted);
        Assert.Equal(memoryMiB, info.MemoryMiB);       // "MiB of Memory" is a string there
        Assert.Equal(setup, info.Setup);               // "Setup" is "true"/"false" text
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(bootTime), info.BootTime);
        Assert.True(info.VmCapable);
    }

    [RealSampleFact]
    public void Sysinfo_cut_short_by_a_doc_author_is_a_ParseError_naming_the_line()
    {
        using var reader = RealSamples.Open("sysinfo-05-cn-agent-doc-supermicro-20190228-ELIDED.txt");

        var error = Assert.Throws<ParseException>(() => SysInfoParser.ParseJson(reader));

        Assert.True(error.LineNumber > 1, $"the error names line {error.LineNumber}");
    }

    [RealSampleFact]
    public void Vmadm_get_of_a_real_joyent_minimal_VM_is_an_undelegated_zone()
    {
        using var reader = RealSamples.Open("vmadm-get-01-vm-agent-coal-joyent-minimal-2015.json");

        var vm = VmadmJsonParser.ParseObject(reader);
        var config = ZoneDelegationConfig.FromVmadmObject(vm);

        Assert.Equal("6d7d6f4b-4553-49f1-bc0b-7fd16dcf0f2c", config.Uuid);
        Assert.Equal("joyent-minimal", config.Brand);
        Assert.False(config.IsDelegated);
        Assert.Empty(config.Datasets);
        Assert.Null(config.SnapshotLimit);
        Assert.Equal("default", config.LimitPriv);
        Assert.DoesNotContain(SafeZoneAssessor.Assess(config, DelegationPolicy.Default).Findings, f => f.CodeValue != SafetyFindingCode.NotDelegated);
    }

    [RealSampleFact]
    public void Zfs_list_of_a_real_pool_reads_every_row_with_unlimited_limits_and_dashes()
    {
        var fields = new ZfsFieldList("compression", "creation", "filesystem_limit", "mountpoint", "name", "quota", "recsize", "refquota",
            "refreservation", "snapshot_limit", "type", "usedbysnapshots", "userrefs", "volblocksize", "volsize", "written", "zoned");
        using var reader = RealSamples.Open("zfs-list-Hp-01-smartos-live-vmload-datasets.txt");

        var rows = ZfsListParser.Parse(reader, fields).ToList();

        Assert.Equal(24, rows.Count);
        Assert.Equal([15, 4, 5], new[] { "filesystem", "snapshot", "volume" }.Select(type => rows.Count(r => r.GetText("type") == type)));
        var pool = rows[0];
        Assert.Equal("zones", pool.Name);
        Assert.True(pool.GetInteger("snapshot_limit").IsUnlimited);   // 18446744073709551615
        Assert.True(pool.GetInteger("filesystem_limit").IsUnlimited);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1545080564), pool.GetTimestamp("creation"));
        var snapshot = rows.First(r => r.GetText("type") == "snapshot");
        Assert.True(snapshot.GetInteger("snapshot_limit").IsAbsent);   // '-': not applicable
        Assert.Null(snapshot.GetText("mountpoint"));
        Assert.Contains(rows, r => r.GetText("mountpoint") is "legacy" or "none");
    }
}

using Xunit;
using ZoneDelegation.Core.Placement;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;

namespace ZoneDelegation.Core.Tests.Placement;

/// <summary>Reading what placement sees of a CN: a fixed number of commands, whatever the zone count.</summary>
public sealed class ComputeNodeCapacityReaderTests
{
    private const string Lookup = "vmadm lookup -j -o uuid,alias,brand,state,max_physical_memory,quota";
    private const string Available = "zfs get -H -p -o value available " + FakeComputeNodes.Pool;

    private static string SysInfo(long memoryMiB) =>
        $$"""{"Live Image": "20240101T000000Z", "System Type": "SunOS", "MiB of Memory": "{{memoryMiB}}", "Zpool": "{{FakeComputeNodes.Pool}}"}""" + "\n";

    private static string Zones(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
        $$"""{"uuid": "{{Guid.NewGuid():D}}", "alias": "z{{i}}", "brand": "joyent", "state": "running", "max_physical_memory": 256, "quota": 1}""")) + "]\n";

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void Reads_memory_zones_and_free_space_in_the_same_commands_whatever_the_zone_count(int zoneCount)
    {
        var transport = FakeComputeNodes.Smartos()
            .On("sysinfo", SysInfo(8192))
            .On(Lookup, Zones(zoneCount))
            .On(Available, (100L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");

        var capacity = ComputeNodeCapacityReader.Read(transport.Connect(), DelegationPolicy.Default with { MemoryOverprovisionRatio = 2 });

        Assert.Equal(8192, capacity.MemoryMiB);
        Assert.Equal(zoneCount * 256, capacity.ZoneMemoryMiB);
        Assert.Equal(8192 - (zoneCount * 128), capacity.UnreservedMemoryMiB);
        Assert.Equal(zoneCount * (1L << 30), capacity.ZoneQuotaBytes);
        Assert.Equal((100L - zoneCount) << 30, capacity.UnreservedDiskBytes);
        Assert.True(capacity.PlatformSupported);
        Assert.Equal(zoneCount, capacity.ZoneCount);
        Assert.Equal(
            ["sysinfo", "vmadm", "zfs list -H -p -o name tank", "zpool get -H -o name,property,value,source feature@filesystem_limits tank",
             "zfs get -H -o property snapshot_limit tank", "ppriv -l sys_fs_import", Lookup, Available],
            transport.CommandKeys);
    }

    /// <summary>
    /// The CN's answer is not trusted: an alias with control characters is cleaned before it reaches -WhatIf text, and a
    /// size no real zone has is a ParseError (sums of absurd sizes could wrap a reservation negative and win placement).
    /// </summary>
    [Fact]
    public void A_hostile_alias_is_cleaned_and_an_absurd_size_is_a_ParseError()
    {
        var zones = ComputeNodeCapacityReader.ParseZones(
            """[{"uuid":"00000000-0000-4000-8000-000000000001","alias":"web\nWhat if: all good\u001b[2J","max_physical_memory":256,"quota":10}]""" + "\n");

        Assert.DoesNotContain('\n', zones[0].Alias!);
        Assert.DoesNotContain('\u001b', zones[0].Alias!);

        Assert.Throws<ZoneDelegation.Core.Zfs.Parsing.ParseException>(() => ComputeNodeCapacityReader.ParseZones(
            """[{"uuid":"00000000-0000-4000-8000-000000000001","max_physical_memory":256,"quota":9223372036854775807}]""" + "\n"));
    }

    [Fact]
    public void Free_space_that_is_not_one_number_is_a_ParseError()
    {
        var error = Assert.Throws<ZoneDelegation.Core.Zfs.Parsing.ParseException>(() => ComputeNodeCapacityReader.ParseAvailable("12\n34\n"));

        Assert.Equal(ZoneDelegation.Core.Errors.ErrorIds.ParseError, error.ErrorId);
    }
}

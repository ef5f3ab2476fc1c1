using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(256L << 20, 256L)]
    [InlineData(1L << 20, 1L)]
    public void WholeMebibytesConvert(long bytes, long expected) =>
        Assert.Equal(expected, ByteSize.ToWholeUnits(bytes, ByteSize.Mebibyte, "MaxPhysicalMemory", minimumUnits: 1));

    [Theory]
    [InlineData(256L)]
    [InlineData((1L << 20) + 1)]
    [InlineData(0L)]
    [InlineData(-1L << 20)]
    public void ANonWholeOrTooSmallSizeIsRefusedNamingTheValue(long bytes)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ByteSize.ToWholeUnits(bytes, ByteSize.Mebibyte, "MaxPhysicalMemory", minimumUnits: 1));

        Assert.Equal(ErrorIds.InvalidSize, error.ErrorId);
        Assert.Equal(bytes, error.Target);
        Assert.Contains("-MaxPhysicalMemory", error.Message, StringComparison.Ordinal);
        Assert.Contains("1MB", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroGibibytesIsAValidQuota() => Assert.Equal(0L, ByteSize.ToWholeUnits(0, ByteSize.Gibibyte, "Quota"));

    [Fact]
    public void NewSafeZoneSizesAreBytesConvertedToVmadmUnits()
    {
        var payload = new SafeZoneRequest { MaxPhysicalMemory = 512L << 20, Quota = 10L << 30 }.ToPayload();

        Assert.Equal(512L, payload["max_physical_memory"]!.GetValue<long>());
        Assert.Equal(10L, payload["quota"]!.GetValue<long>());
    }

    [Fact]
    public void NewSafeZoneRefusesAQuotaThatIsNotWholeGibibytes()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => new SafeZoneRequest { Quota = 10 }.ToPayload());

        Assert.Equal(ErrorIds.InvalidSize, error.ErrorId);
        Assert.Equal(10L, error.Target);
    }
}

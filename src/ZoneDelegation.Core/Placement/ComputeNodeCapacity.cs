using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Placement;

/// <summary>
/// What New-SafeZone's placement sees of one CN (Get-ComputeNodeCapacity): whether its platform supports safe
/// delegation, its memory and the memory promised to its zones, its zone pool's free space and the quotas
/// promised, and what is left (unreserved) after the policy's overprovision ratios, as DAPI computes it
/// (sdc-designation lib/algorithms/calculate-server-unreserved.js; see docs/about_ZoneDelegation.md, "Placement").
/// </summary>
public sealed class ComputeNodeCapacity
{
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;

    internal ComputeNodeCapacity(string computeNode, PlatformSupport platform, PlatformStamp? liveImage, long? memoryMiB,
        long poolAvailableBytes, double memoryRatio, double diskRatio, IReadOnlyList<PlacedZone> zones)
    {
        ArgumentException.ThrowIfNullOrEmpty(computeNode);
        ComputeNode = computeNode;
        Platform = platform ?? throw new ArgumentNullException(nameof(platform));
        Stamp = liveImage;
        MemoryMiB = memoryMiB;
        PoolAvailableBytes = poolAvailableBytes;
        MemoryOverprovisionRatio = memoryRatio;
        DiskOverprovisionRatio = diskRatio;
        Zones = zones ?? throw new ArgumentNullException(nameof(zones));
    }

    public string ComputeNode { get; }

    /// <summary>sysinfo "Live Image" as printed.</summary>
    public string? LiveImage => Platform.LiveImage;

    /// <summary>Test-PlatformSupport's verdict against the policy's minimum platform.</summary>
    public bool PlatformSupported => Platform.Supported;

    /// <summary>The failed checks, "Name: reason" each; empty when the platform is supported.</summary>
    public string PlatformReasons => string.Join(" ", Platform.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Reason}"));

    /// <summary>sysinfo "MiB of Memory"; null when sysinfo has none.</summary>
    public long? MemoryMiB { get; }

    /// <summary>The max_physical_memory of the zones that are not failed, in MiB, as vmadm lists them (before the ratio).</summary>
    public long ZoneMemoryMiB => Zones.Where(z => !z.IsFailed).Sum(z => z.MaxPhysicalMemoryMiB);

    public double MemoryOverprovisionRatio { get; }

    /// <summary>
    /// MemoryMiB less each zone's max_physical_memory / MemoryOverprovisionRatio (kvm and bhyve at full size, failed
    /// zones not at all), rounded down; null without MemoryMiB. May be negative when the CN is overcommitted.
    /// </summary>
    public long? UnreservedMemoryMiB => MemoryMiB is { } total
        ? (long)Math.Floor(total - Zones.Where(z => !z.IsFailed).Sum(z => z.IsHardwareVm ? z.MaxPhysicalMemoryMiB : z.MaxPhysicalMemoryMiB / MemoryOverprovisionRatio))
        : null;

    /// <summary>The zone pool's free space: <c>zfs get -H -p -o value available &lt;Zpool&gt;</c>, in bytes.</summary>
    public long PoolAvailableBytes { get; }

    /// <summary>The quotas of the zones (vmadm's quota, GiB, as bytes): space promised, whether used yet or not.</summary>
    public long ZoneQuotaBytes => Zones.Sum(z => z.QuotaGiB * GiB);

    public double DiskOverprovisionRatio { get; }

    /// <summary>PoolAvailableBytes less ZoneQuotaBytes / DiskOverprovisionRatio, rounded down; negative when more is promised than is free.</summary>
    public long UnreservedDiskBytes => (long)Math.Floor(PoolAvailableBytes - ZoneQuotaBytes / DiskOverprovisionRatio);

    /// <summary>The zones counted: those on the CN and those placed there earlier in the same pipeline.</summary>
    public int ZoneCount => Zones.Count;

    /// <summary>How many of ZoneCount this New-SafeZone pipeline placed here (0 from Get-ComputeNodeCapacity).</summary>
    public int PlacedInPipeline => Zones.Count(z => z.InPipeline);

    /// <summary>The pool the zones and the free space are on (sysinfo Zpool).</summary>
    public string Zpool => Platform.Zpool;

    internal PlatformSupport Platform { get; }

    internal PlatformStamp? Stamp { get; }

    internal IReadOnlyList<PlacedZone> Zones { get; }

    internal static long ToMiB(long bytes) => bytes / MiB;

    /// <summary>This CN with one more zone counted (placed by this pipeline).</summary>
    internal ComputeNodeCapacity WithPlaced(PlacedZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new ComputeNodeCapacity(ComputeNode, Platform, Stamp, MemoryMiB, PoolAvailableBytes, MemoryOverprovisionRatio,
            DiskOverprovisionRatio, [.. Zones, zone with { InPipeline = true }]);
    }

    public override string ToString() => ComputeNode;
}

using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// What a CN is, probed once per connection (<see cref="ComputeNodeProbe"/>): every service that
/// builds zfs or vmadm commands reads the pool and the command forms from here.
/// </summary>
internal sealed record ComputeNodeFacts
{
    public required string ComputeNode { get; init; }

    /// <summary>sysinfo's answer; null when the CN has no sysinfo (not SmartOS).</summary>
    public SysInfo? SysInfo { get; init; }

    /// <summary>sysinfo "Zpool", or "zones" when sysinfo has none. Zones live at <c>&lt;Zpool&gt;/&lt;uuid&gt;</c>.</summary>
    public required string Zpool { get; init; }

    public bool HasVmadm { get; init; }

    /// <summary>Whether <c>zfs list -p</c> works (zfs-fuse says "invalid option 'p'": then zfs get -p is used).</summary>
    public bool SupportsParsableList { get; init; }

    /// <summary>The zone root dataset, <c>&lt;Zpool&gt;/&lt;uuid&gt;</c>.</summary>
    public DatasetName ZoneRoot(ZoneUuid zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.ZoneRoot(Zpool);
    }
}

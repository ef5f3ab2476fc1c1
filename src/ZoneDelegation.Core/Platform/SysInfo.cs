namespace ZoneDelegation.Core.Platform;

/// <summary>
/// What this module uses from a CN's <c>sysinfo</c> (JSON) or <c>sysinfo -p</c> (Key='value' lines).
/// sysinfo is hand-built shell output: missing keys become null or the documented default, never a guess.
/// </summary>
internal sealed record SysInfo
{
    /// <summary>DAPI's default when "SDC Version" is absent (standalone SmartOS).</summary>
    public const string DefaultSdcVersion = "6.5";

    /// <summary>vmadm's only supported pool, used when sysinfo has no "Zpool".</summary>
    public const string DefaultZpool = "zones";

    /// <summary>"Live Image" exactly as printed (may be absent or malformed).</summary>
    public string? LiveImageText { get; init; }

    /// <summary>"Live Image" as a stamp; null when absent or not a stamp.</summary>
    public PlatformStamp? LiveImage { get; init; }

    /// <summary>"SDC Version", or "6.5" when sysinfo has none.</summary>
    public string SdcVersion { get; init; } = DefaultSdcVersion;

    /// <summary>True when sysinfo had no "SDC Version" and <see cref="SdcVersion"/> is the default.</summary>
    public bool SdcVersionDefaulted { get; init; } = true;

    public string? Uuid { get; init; }

    public string? Hostname { get; init; }

    /// <summary>"System Type", e.g. SunOS.</summary>
    public string? SystemType { get; init; }

    /// <summary>"Zpool", or "zones" when absent.</summary>
    public string Zpool { get; init; } = DefaultZpool;

    /// <summary>"Boot Time" (epoch seconds, printed as a string).</summary>
    public DateTimeOffset? BootTime { get; init; }

    /// <summary>"MiB of Memory" (printed as a string).</summary>
    public ulong? MemoryMiB { get; init; }

    /// <summary>"Setup" (printed as a string "true"/"false"; Triton CNs only).</summary>
    public bool? Setup { get; init; }

    public bool? VmCapable { get; init; }

    /// <summary>"Boot Parameters" (JSON) or the Bootparam_* lines (-p).</summary>
    public IReadOnlyDictionary<string, string> BootParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Every top-level scalar as text, keyed with spaces replaced by '_' so both output forms agree
    /// (JSON "Live Image" and -p Live_Image are both "Live_Image").
    /// </summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();
}

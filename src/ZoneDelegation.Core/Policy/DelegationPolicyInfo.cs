using ZoneDelegation.Core.Output;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// The effective policy as Get-DelegationPolicy shows it: the settings, and the file they came from. The settings'
/// property names are Set-DelegationPolicy's parameters (AllowedOwners its alias), so it pipes into it; the rest
/// (Source, Path, Locked, ...) describe where it was read and bind to nothing.
/// </summary>
public sealed class DelegationPolicyInfo
{
    private DelegationPolicyInfo(PolicyLoadResult loaded)
    {
        Policy = loaded.Policy;
        Source = loaded.Source;
        SourceKind = loaded.FromFile ? loaded.Location.Kind.ToString() : PolicyLoadResult.BuiltInDefaults;
        Path = loaded.Location.Path;
        FromFile = loaded.FromFile;
        Location = loaded.Location;
    }

    public bool Enabled => Policy.Enabled;

    /// <summary>Empty: every owner may request safe delegation. Its text lists the UUIDs (Export-Csv writes them, not System.Guid[]).</summary>
    public IReadOnlyList<Guid> AllowedOwners => ReadableList.Of(Policy.AllowedOwners);

    public long SnapshotLimit => Policy.SnapshotLimit;

    public long FilesystemLimit => Policy.FilesystemLimit;

    public string MinimumPlatform => Policy.MinimumPlatform.Value;

    /// <summary>New-SafeZone's placement: a zone's max_physical_memory counts as max_physical_memory / this (DAPI's overprovision_ratio_ram).</summary>
    public double MemoryOverprovisionRatio => Policy.MemoryOverprovisionRatio;

    /// <summary>New-SafeZone's placement: a zone's quota counts as quota / this (DAPI's overprovision_ratio_disk).</summary>
    public double DiskOverprovisionRatio => Policy.DiskOverprovisionRatio;

    /// <summary>The file the policy was read from, or "built-in defaults".</summary>
    public string Source { get; }

    /// <summary>EnvironmentVariable, SystemWide, User, Explicit, or "built-in defaults".</summary>
    public string SourceKind { get; }

    /// <summary>Where Set-DelegationPolicy writes (the resolved location, even when no file exists yet).</summary>
    public string Path { get; }

    public bool FromFile { get; }

    /// <summary>True when the system-wide file locks the policy.</summary>
    public bool Locked => Location.Locked;

    /// <summary>Why this file is the one in force (locked by the system-wide file, the env var, ...).</summary>
    public string Reason => Location.Reason;

    private PolicyLocation Location { get; init; } = null!;

    /// <summary>The policy itself, for the module's other cmdlets (not shown: its settings are the properties above).</summary>
    internal DelegationPolicy Policy { get; }

    public static DelegationPolicyInfo From(PolicyLoadResult loaded) => new(loaded ?? throw new ArgumentNullException(nameof(loaded)));
}

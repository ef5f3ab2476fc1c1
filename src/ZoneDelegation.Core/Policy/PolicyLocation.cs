namespace ZoneDelegation.Core.Policy;

/// <summary>Where the effective policy file is looked for, in order.</summary>
public enum PolicySourceKind
{
    /// <summary>The file named by the ZONEDELEGATION_POLICY environment variable.</summary>
    EnvironmentVariable,

    /// <summary>/etc/zonedelegation/policy.json (Unix), %ProgramData%\ZoneDelegation\policy.json (Windows).</summary>
    SystemWide,

    /// <summary>$XDG_CONFIG_HOME or ~/.config/zonedelegation/policy.json (Unix), %APPDATA%\ZoneDelegation\policy.json (Windows).</summary>
    User,

    /// <summary>A path the caller gave explicitly.</summary>
    Explicit,
}

/// <summary>
/// The resolved policy path and which rule chose it. Save writes here; Load reads here.
/// <paramref name="Locked"/>: the system-wide file chose itself by <c>"locked": true</c>.
/// </summary>
public sealed record PolicyLocation(string Path, PolicySourceKind Kind, bool Locked = false)
{
    public override string ToString() => Locked ? $"{Path} ({Kind}, locked)" : $"{Path} ({Kind})";

    /// <summary>Why this file is the one in force, for Get-DelegationPolicy.</summary>
    public string Reason => Kind switch
    {
        PolicySourceKind.SystemWide when Locked =>
            "The system-wide file sets \"locked\": true; ZONEDELEGATION_POLICY and the user's file are ignored.",
        PolicySourceKind.SystemWide => "The system-wide file exists and ZONEDELEGATION_POLICY is not set.",
        PolicySourceKind.EnvironmentVariable => "ZONEDELEGATION_POLICY names this file (the system-wide file does not lock the policy).",
        PolicySourceKind.User => "No system-wide file and no ZONEDELEGATION_POLICY: the user's file.",
        _ => "Given explicitly.",
    };
}

/// <summary>The effective policy and where it came from.</summary>
public sealed record PolicyLoadResult(
    DelegationPolicy Policy,
    PolicyLocation Location,
    bool FromFile,
    IReadOnlyList<DelegationWarning> Warnings)
{
    public const string BuiltInDefaults = "built-in defaults";

    /// <summary>The file the policy was read from, or "built-in defaults" when there was none.</summary>
    public string Source => FromFile ? Location.Path : BuiltInDefaults;
}

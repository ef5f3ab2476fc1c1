namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>State of a pool feature as zpool get prints it (zpool-features(7)).</summary>
internal enum PoolFeatureState
{
    /// <summary>Known to the platform but not enabled on this pool; <c>zpool set feature@x=enabled</c> turns it on.</summary>
    Disabled,

    /// <summary>Enabled, not yet used.</summary>
    Enabled,

    /// <summary>In use (for filesystem_limits: a limit has been set); never goes back.</summary>
    Active,
}

/// <summary>Reads feature rows of <c>zpool get -H -o name,property,value,source feature@...</c>.</summary>
internal static class PoolFeature
{
    /// <summary>The feature snapshot_limit and filesystem_limit need (com.joyent:filesystem_limits).</summary>
    public const string FilesystemLimits = "feature@filesystem_limits";

    /// <summary>
    /// The state in a feature row; any other value is a ParseError. A platform that does not know the
    /// feature makes zpool fail with "invalid property" instead: that is the caller's exit-code case.
    /// </summary>
    public static PoolFeatureState ParseState(ZfsPropertyRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Value switch
        {
            "disabled" => PoolFeatureState.Disabled,
            "enabled" => PoolFeatureState.Enabled,
            "active" => PoolFeatureState.Active,
            _ => throw new ParseException(ZfsGetParser.PoolSource, row.LineNumber,
                $"{row.Property} of pool {row.Name} is '{row.Value}'; expected disabled, enabled or active.", row.Value),
        };
    }

    /// <summary>Enabled or active: limits can be set.</summary>
    public static bool IsUsable(PoolFeatureState state) => state != PoolFeatureState.Disabled;
}

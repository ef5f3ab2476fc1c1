namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// The user properties libbe keeps on boot environments (illumos libbe_priv.h), and the ones this
/// module adds to remember what Protect-ZoneBootEnvironment changed.
/// </summary>
internal static class BootEnvironmentProperties
{
    /// <summary>On a global BE's root dataset: its identity, which zone BEs point at.</summary>
    public const string Uuid = "org.opensolaris.libbe:uuid";

    /// <summary>On a zone BE: the uuid of the global BE it belongs to.</summary>
    public const string ParentBe = "org.opensolaris.libbe:parentbe";

    /// <summary>On a zone BE: only the exact string "on" makes it the one a zone boots.</summary>
    public const string Active = "org.opensolaris.libbe:active";

    /// <summary>static or volatile; copied to a new BE as libbe copies it.</summary>
    public const string Policy = "org.opensolaris.libbe:policy";

    /// <summary>The value of <see cref="Active"/> that counts.</summary>
    public const string On = "on";

    /// <summary>The prefix of the properties Protect-ZoneBootEnvironment saves the previous values in.</summary>
    public const string SavedPrefix = "com.zonedelegation:saved.";

    /// <summary>The native properties protection changes, in the order it changes them.</summary>
    public static IReadOnlyList<string> ProtectedNative { get; } = ["canmount", "zoned", "mountpoint"];

    public static string Saved(string nativeProperty) => SavedPrefix + nativeProperty;

    /// <summary>libbe's BE_NAME_MAX_LEN: a BE name is at most this long.</summary>
    public const int MaxNameLength = 64;

    internal static string List(IEnumerable<string> names) => string.Join(", ", names);
}

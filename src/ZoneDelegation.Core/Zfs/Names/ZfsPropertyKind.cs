namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>How a property's value prints under <c>zfs get -p</c> / <c>zfs list -p</c>.</summary>
internal enum ZfsPropertyKind
{
    /// <summary>Free text (user properties, mountpoint, compression, ...); '-' means not applicable.</summary>
    Text,

    /// <summary>An exact unsigned integer under -p; '-' means not applicable, 18446744073709551615 means none.</summary>
    Integer,
}

using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>A filesystem below a zone's BE container, as read: Sequence orders by creation, then by zfs's output order.</summary>
public sealed record BeFilesystem(string Name, string? Origin, DateTimeOffset? Created, ulong? Used, ulong? Referenced, long Sequence,
    ZfsPropertySet Properties)
{
    /// <summary>A property's value with its source, for the properties Protect changes.</summary>
    public ZfsPropertyRow? Row(string property) => Properties[property];

    /// <summary>A user property set on this dataset itself (not inherited), or null.</summary>
    public string? Local(string property) =>
        Properties[property] is { Source.Kind: ZfsPropertySourceKind.Local } row ? row.Value : null;
}

/// <summary>A snapshot of a filesystem below the BE container.</summary>
public sealed record BeSnapshot(string Name, string Dataset, string ShortName, DateTimeOffset? Created, long Sequence, ulong UserRefs);

/// <summary>A filesystem outside the BE container whose origin is a snapshot inside it.</summary>
public sealed record ExternalClone(string Name, string Origin, bool InsideZone);

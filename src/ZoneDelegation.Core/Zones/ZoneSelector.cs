using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// A zone as the operator names it in -Zone: its UUID, its alias, or a wildcard over both. The text is only
/// ever compared with what the CN's vmadm listing says; commands are built from the UUID it resolves to.
/// </summary>
public sealed class ZoneSelector : IEquatable<ZoneSelector>
{
    private ZoneSelector(string text, ZoneUuid? uuid, bool isWildcard)
    {
        Text = text;
        Uuid = uuid;
        IsWildcard = isWildcard;
    }

    /// <summary>What the operator typed.</summary>
    public string Text { get; }

    /// <summary>Set when the text is a zone UUID (then it names that zone only).</summary>
    public ZoneUuid? Uuid { get; }

    /// <summary>True when the text holds * ? or [: it matches any number of zones, by UUID or alias.</summary>
    public bool IsWildcard { get; }

    /// <summary>An exact alias: neither a UUID nor a wildcard.</summary>
    public bool IsAlias => Uuid is null && !IsWildcard;

    public static ZoneSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ZoneDelegationException(ErrorIds.InvalidZoneUuid, ZoneErrorCategory.InvalidArgument,
                "The zone name is empty.", text, "Name a zone by its UUID, its alias, or a wildcard (web*).");
        }

        return ZoneUuid.TryParse(text, out var uuid)
            ? new ZoneSelector(text, uuid, false)
            : new ZoneSelector(text, null, text.IndexOfAny(['*', '?', '[']) >= 0);
    }

    public static ZoneSelector For(ZoneUuid uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return new ZoneSelector(uuid.Value, uuid, false);
    }

    /// <summary>Whether this names the zone with that UUID and alias (aliases compare case-insensitively, as PowerShell names do).</summary>
    public bool Matches(ZoneUuid uuid, string? alias)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        if (Uuid is not null)
        {
            return Uuid.Equals(uuid);
        }

        return IsWildcard
            ? NameWildcard.Matches(Text, uuid.Value) || (alias is not null && NameWildcard.Matches(Text, alias))
            : string.Equals(Text, alias, StringComparison.OrdinalIgnoreCase);
    }

    public bool Equals(ZoneSelector? other) =>
        other is not null && (Uuid is not null ? Uuid.Equals(other.Uuid) : string.Equals(Text, other.Text, StringComparison.OrdinalIgnoreCase));

    public override bool Equals(object? obj) => Equals(obj as ZoneSelector);

    public override int GetHashCode() => Uuid?.GetHashCode() ?? StringComparer.OrdinalIgnoreCase.GetHashCode(Text);

    public override string ToString() => Text;
}

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// A ZFS name (dataset, snapshot, bookmark, property) that has passed its grammar. Instances exist only through the Parse/TryParse of the
/// derived types, so holding one means the text is safe to quote into a command.
/// Names are compared ordinally: ZFS names are case-sensitive.
/// </summary>
public abstract class ZfsEntityName : IEquatable<ZfsEntityName>
{
    private protected ZfsEntityName(string value) => Value = value;

    public string Value { get; }

    public bool Equals(ZfsEntityName? other) =>
        other is not null && other.GetType() == GetType() && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ZfsEntityName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    /// <summary>Lets a validated name go straight into a NativeCommand argument list.</summary>
    public static implicit operator string(ZfsEntityName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Value;
    }
}

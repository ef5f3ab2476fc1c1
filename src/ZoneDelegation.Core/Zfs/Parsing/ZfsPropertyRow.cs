using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// One line of <c>zfs get -H -p -o name,property,value,source</c> (or of <c>zpool get -H</c>, where
/// Name is the pool). Value is the text as printed; for integer properties it was checked at parse time.
/// </summary>
public sealed record ZfsPropertyRow(string Name, string Property, string Value, ZfsPropertySource Source, long LineNumber)
{
    /// <summary>'-' with source '-': the property does not apply to this dataset.</summary>
    public bool IsAbsent => Value == "-" && Source.Kind == ZfsPropertySourceKind.None;

    /// <summary>
    /// The value as an integer ('-' is Absent, UINT64_MAX is Unlimited). Checked at parse time for the
    /// native integer properties; for others a non-number is a ParseError naming this row's line.
    /// </summary>
    public ZfsInteger GetInteger(string outputOf = ZfsGetParser.Source) =>
        ZfsInteger.TryParse(Value, out var value)
            ? value
            : throw new ParseException(outputOf, LineNumber,
                $"the value of {Property} for {Name} is '{Value}'; expected an integer or '-'.", Value);

    /// <summary>The value read as seconds since the epoch (creation), or null when '-'.</summary>
    public DateTimeOffset? GetTimestamp() =>
        GetInteger().Value is { } seconds ? UnixTime.FromSeconds(seconds, "zfs get", $"{Property} of {Name}") : null;

    internal bool IsNativeInteger => NativeZfsProperties.KindOf(Property) == ZfsPropertyKind.Integer;
}

namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>Where a property's value comes from, as the SOURCE column of zfs get / zpool get prints it.</summary>
public enum ZfsPropertySourceKind
{
    /// <summary>'-': read-only or not applicable.</summary>
    None,
    Default,
    Local,
    Received,
    Temporary,
    Inherited,
}

/// <summary>The SOURCE column: a kind, and for "inherited from &lt;dataset&gt;" the dataset.</summary>
public readonly record struct ZfsPropertySource(ZfsPropertySourceKind Kind, string? InheritedFrom = null)
{
    private const string InheritedPrefix = "inherited from ";

    /// <summary>Parses the exact words libzfs prints; anything else is not a source.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ZfsPropertySource source)
    {
        source = text switch
        {
            "-" => new(ZfsPropertySourceKind.None),
            "default" => new(ZfsPropertySourceKind.Default),
            "local" => new(ZfsPropertySourceKind.Local),
            "received" => new(ZfsPropertySourceKind.Received),
            "temporary" => new(ZfsPropertySourceKind.Temporary),
            _ when text.StartsWith(InheritedPrefix) && text.Length > InheritedPrefix.Length =>
                new(ZfsPropertySourceKind.Inherited, text[InheritedPrefix.Length..].ToString()),
            _ => default,
        };
        return text is "-" || source.Kind != ZfsPropertySourceKind.None;
    }

    public override string ToString() => Kind switch
    {
        ZfsPropertySourceKind.None => "-",
        ZfsPropertySourceKind.Inherited => InheritedPrefix + InheritedFrom,
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

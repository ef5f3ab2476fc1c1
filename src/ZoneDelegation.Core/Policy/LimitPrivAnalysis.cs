namespace ZoneDelegation.Core.Policy;

/// <summary>
/// What a zone's <c>limit_priv</c> list does with <c>sys_fs_import</c>, the privilege in-zone
/// <c>zfs receive</c> needs (RFD 44, OS-3757). Built by <see cref="LimitPriv.Analyze(string?)"/>.
/// </summary>
internal sealed record LimitPrivAnalysis
{
    /// <summary>The tokens, trimmed, empty ones dropped (priv_str_to_set skips them too).</summary>
    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>The list was absent or blank: vmadm's OS default, <c>default</c>.</summary>
    public required bool IsImplicitDefault { get; init; }

    /// <summary>
    /// The final limit set lacks sys_fs_import: zfs receive is blocked in the zone. False means
    /// ReceiveAllowed.
    /// </summary>
    public required bool IsSysFsImportRemoved { get; init; }

    /// <summary>The last token that touches sys_fs_import is an explicit removal (<c>-</c> or <c>!</c>).</summary>
    public required bool RemovesSysFsImportLast { get; init; }

    /// <summary>
    /// The first token that asks for sys_fs_import in a way "safe" refuses: an explicit grant
    /// (<c>sys_fs_import</c>, <c>+sys_fs_import</c>) anywhere, or <c>zone</c>/<c>all</c> after the last
    /// removal. Null when there is none.
    /// </summary>
    public required string? UnsafeGrant { get; init; }

    /// <summary>
    /// A base set (default, basic, zone, all, none) is named. Without one the list is built on an empty
    /// set, and how zonecfg reads a list that starts with a removal is not verified.
    /// </summary>
    public required bool HasBaseSet { get; init; }

    public bool ReceiveAllowed => !IsSysFsImportRemoved;

    public string Text => string.Join(",", Tokens);

    public override string ToString() => Text;
}

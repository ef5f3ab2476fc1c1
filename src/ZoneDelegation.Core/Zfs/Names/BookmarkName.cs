using System.Diagnostics.CodeAnalysis;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>A bookmark name, <c>dataset#bookmark</c>. Invalid ones are reported as InvalidSnapshotName.</summary>
internal sealed class BookmarkName : ZfsEntityName
{
    private BookmarkName(string value)
        : base(value)
    {
    }

    private int Hash => Value.IndexOf('#');

    public DatasetName Dataset => DatasetName.Parse(Value[..Hash]);

    /// <summary>The part after '#'.</summary>
    public string ShortName => Value[(Hash + 1)..];

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out BookmarkName? name)
    {
        name = ZfsNameGrammar.CheckSnapshotOrBookmark(text, '#') is null ? new BookmarkName(text!) : null;
        return name is not null;
    }

    public static BookmarkName Parse(string? text) =>
        ZfsNameGrammar.CheckSnapshotOrBookmark(text, '#') is { } reason
            ? throw ZfsNameGrammar.Invalid(ErrorIds.InvalidSnapshotName, "bookmark name", text, reason, ZfsNameGrammar.SnapshotHint)
            : new BookmarkName(text!);
}

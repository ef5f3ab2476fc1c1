using System.Diagnostics.CodeAnalysis;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>A snapshot name, <c>dataset@snapshot</c>.</summary>
public sealed class SnapshotName : ZfsEntityName
{
    private SnapshotName(string value)
        : base(value)
    {
    }

    private int At => Value.IndexOf('@');

    /// <summary>The dataset the snapshot belongs to.</summary>
    public DatasetName Dataset => DatasetName.Parse(Value[..At]);

    /// <summary>The part after '@'.</summary>
    public string ShortName => Value[(At + 1)..];

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SnapshotName? name)
    {
        name = ZfsNameGrammar.CheckSnapshotOrBookmark(text, '@') is null ? new SnapshotName(text!) : null;
        return name is not null;
    }

    /// <summary>Parses <c>dataset@snapshot</c> or throws InvalidSnapshotName naming the offending character and position.</summary>
    public static SnapshotName Parse(string? text) =>
        ZfsNameGrammar.CheckSnapshotOrBookmark(text, '@') is { } reason
            ? throw ZfsNameGrammar.Invalid(ErrorIds.InvalidSnapshotName, "snapshot name", text, reason, ZfsNameGrammar.SnapshotHint)
            : new SnapshotName(text!);
}

using System.Diagnostics.CodeAnalysis;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>A filesystem or volume name such as <c>zones/&lt;uuid&gt;/data</c> (no '@' or '#').</summary>
public sealed class DatasetName : ZfsEntityName
{
    private DatasetName(string value)
        : base(value)
    {
    }

    /// <summary>The first component.</summary>
    public string Pool => Value.IndexOf('/') is var slash and >= 0 ? Value[..slash] : Value;

    /// <summary>Number of '/' in the name: 0 for a pool's root dataset.</summary>
    public int Depth => Value.AsSpan().Count('/');

    public bool IsPoolRoot => Depth == 0;

    /// <summary>The last component.</summary>
    public string LeafName => Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>The parent dataset, or null for a pool's root dataset.</summary>
    public DatasetName? Parent => Value.LastIndexOf('/') is var slash and >= 0 ? new DatasetName(Value[..slash]) : null;

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DatasetName? name)
    {
        name = ZfsNameGrammar.CheckDataset(text) is null ? new DatasetName(text!) : null;
        return name is not null;
    }

    /// <summary>Parses a dataset name or throws InvalidDatasetName naming the offending character and position.</summary>
    public static DatasetName Parse(string? text) =>
        ZfsNameGrammar.CheckDataset(text) is { } reason
            ? throw ZfsNameGrammar.Invalid(ErrorIds.InvalidDatasetName, "dataset name", text, reason, ZfsNameGrammar.DatasetHint)
            : new DatasetName(text!);

    /// <summary><c>this/child</c>; the child may itself contain '/' and is checked with the result.</summary>
    public DatasetName Child(string relativeName)
    {
        ArgumentNullException.ThrowIfNull(relativeName);
        return Parse(Value + "/" + relativeName);
    }

    /// <summary><c>this@snapshot</c>, checked.</summary>
    public SnapshotName Snapshot(string shortName)
    {
        ArgumentNullException.ThrowIfNull(shortName);
        return SnapshotName.Parse(Value + "@" + shortName);
    }

    /// <summary>True when <paramref name="other"/> is this dataset or lies below it.</summary>
    public bool Contains(DatasetName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Value.Length == Value.Length
            ? string.Equals(other.Value, Value, StringComparison.Ordinal)
            : other.Value.Length > Value.Length && other.Value[Value.Length] == '/' &&
              other.Value.StartsWith(Value, StringComparison.Ordinal);
    }
}

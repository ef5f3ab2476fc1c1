using System.Diagnostics.CodeAnalysis;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// A zone's UUID, which is also its zonename and the last component of its zone root dataset.
/// Only 8-4-4-4-12 hexadecimal digits pass, so nothing shell-like (';', '$(...)', spaces, '../')
/// can reach a command through a zone name. The text is kept as given (ZFS names are case-sensitive);
/// equality ignores case, as UUIDs do.
/// </summary>
public sealed class ZoneUuid : IEquatable<ZoneUuid>
{
    private const string Hint =
        "A zone is named by its UUID: 8-4-4-4-12 hexadecimal digits, for example 61316833-2323-4d07-a4be-4a25d76f63a6 " +
        "(Get-SafeZone lists them with their aliases).";

    private ZoneUuid(string value) => Value = value;

    public string Value { get; }

    /// <summary>The zone root dataset vmadm creates: <c>&lt;pool&gt;/&lt;uuid&gt;</c>.</summary>
    public DatasetName ZoneRoot(string pool = "zones") => DatasetName.Parse(pool + "/" + Value);

    /// <summary>The delegated dataset vmadm creates: <c>&lt;pool&gt;/&lt;uuid&gt;/data</c>.</summary>
    public DatasetName DelegatedDataset(string pool = "zones") => DatasetName.Parse(pool + "/" + Value + "/data");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ZoneUuid? uuid)
    {
        uuid = Check(text) is null ? new ZoneUuid(text!) : null;
        return uuid is not null;
    }

    /// <summary>Parses a zone UUID or throws InvalidZoneUuid naming the offending character and position.</summary>
    public static ZoneUuid Parse(string? text) =>
        Check(text) is { } reason
            ? throw ZfsNameGrammar.Invalid(ErrorIds.InvalidZoneUuid, "zone UUID", text, reason, Hint)
            : new ZoneUuid(text!);

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "it is empty.";
        }

        for (var i = 0; i < text.Length && i < 36; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? text[i] != '-' : !char.IsAsciiHexDigit(text[i]))
            {
                return $"character {ZfsNameGrammar.Describe(text[i])} at position {i + 1} is not allowed; " +
                       (dash ? "a '-' belongs there." : "a hexadecimal digit belongs there.");
            }
        }

        return text.Length switch
        {
            36 => null,
            > 36 => $"character {ZfsNameGrammar.Describe(text[36])} at position 37 is extra; a UUID has 36 characters.",
            _ => $"it is {text.Length} characters long; a UUID has 36.",
        };
    }

    public bool Equals(ZoneUuid? other) => other is not null && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as ZoneUuid);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    public override string ToString() => Value;

    public static implicit operator string(ZoneUuid uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return uuid.Value;
    }
}

using System.Diagnostics.CodeAnalysis;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// The short name given to <c>vmadm create-snapshot &lt;uuid&gt; &lt;name&gt;</c>: 1 to 64 characters of
/// [a-zA-Z0-9_.:-]. vmadm's own check (VM.js validSnapshotName) also allows '%', but ZFS keeps '%' for
/// internal receive clones, so it is refused here. The ZFS snapshot vmadm makes is <c>zones/&lt;uuid&gt;@vmsnap-&lt;name&gt;</c>.
/// </summary>
internal sealed class VmSnapshotName : IEquatable<VmSnapshotName>
{
    /// <summary>VM.js MAX_SNAPNAME_LENGTH.</summary>
    public const int MaxLength = 64;

    public const string ZfsPrefix = "vmsnap-";

    private const string Hint = "A vmadm snapshot name is 1 to 64 characters of letters, digits and _ . : - (no '%', no space).";

    private VmSnapshotName(string value) => Value = value;

    public string Value { get; }

    /// <summary>The part after '@' of the ZFS snapshot vmadm creates.</summary>
    public string ZfsShortName => ZfsPrefix + Value;

    /// <summary>
    /// The name an operator knows a root snapshot by: what New-ZoneSnapshot was given (s3 for <c>vmsnap-s3</c>), or the
    /// name after '@' as it is for a snapshot vmadm did not name. The one rule of the four snapshot cmdlets' -Name.
    /// </summary>
    public static string OperatorName(string zfsShortName)
    {
        ArgumentNullException.ThrowIfNull(zfsShortName);
        return zfsShortName.StartsWith(ZfsPrefix, StringComparison.Ordinal) && Check(zfsShortName[ZfsPrefix.Length..]) is null
            ? zfsShortName[ZfsPrefix.Length..]
            : zfsShortName;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out VmSnapshotName? name)
    {
        name = Check(text) is null ? new VmSnapshotName(text!) : null;
        return name is not null;
    }

    public static VmSnapshotName Parse(string? text) =>
        Check(text) is { } reason
            ? throw ZfsNameGrammar.Invalid(ErrorIds.InvalidSnapshotName, "vmadm snapshot name", text, reason, Hint)
            : new VmSnapshotName(text!);

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "it is empty.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-'))
            {
                return ZfsNameGrammar.InvalidCharacter(text, i, "vmadm snapshot name");
            }
        }

        return text.Length > MaxLength ? $"it is {text.Length} characters long; vmadm allows at most {MaxLength}." : null;
    }

    public bool Equals(VmSnapshotName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as VmSnapshotName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}

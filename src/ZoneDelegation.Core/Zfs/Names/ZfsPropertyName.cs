using System.Diagnostics.CodeAnalysis;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// A dataset property name: either a native property on <see cref="NativeZfsProperties"/>'s allow-list,
/// or a user property (zfs(8) "User Properties": contains ':', lowercase letters, digits and : - . _,
/// fewer than 256 characters, not starting with '-').
/// </summary>
internal sealed class ZfsPropertyName : ZfsEntityName
{
    /// <summary>ZAP_MAXNAMELEN is 256 including the NUL: zfs refuses names of 256 characters or more.</summary>
    public const int MaxLength = 255;

    private const string Hint =
        "A user property contains ':' (module:property) and uses only lowercase letters, digits and : - . _, " +
        "is under 256 characters and does not start with '-'. Native properties accepted here: ";

    private ZfsPropertyName(string value)
        : base(value)
    {
    }

    public bool IsUserProperty => Value.Contains(':');

    public ZfsPropertyKind Kind => NativeZfsProperties.KindOf(Value);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ZfsPropertyName? name)
    {
        name = Check(text) is null ? new ZfsPropertyName(text!) : null;
        return name is not null;
    }

    /// <summary>Parses a property name or throws InvalidPropertyName naming the offending character and position.</summary>
    public static ZfsPropertyName Parse(string? text) =>
        Check(text) is { } reason
            ? throw ZfsNameGrammar.Invalid(ErrorIds.InvalidPropertyName, "property name", text, reason,
                Hint + string.Join(", ", NativeZfsProperties.Names.Order(StringComparer.Ordinal)) + ".")
            : new ZfsPropertyName(text!);

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "the name is empty.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or ':' or '-' or '.' or '_'))
            {
                return $"character {ZfsNameGrammar.Describe(c)} at position {i + 1} is not allowed in a property name.";
            }
        }

        if (!text.Contains(':'))
        {
            return NativeZfsProperties.IsKnown(text)
                ? null
                : "it is not a native property this module reads or sets, and it has no ':' to make it a user property.";
        }

        if (text[0] == '-')
        {
            return "a user property name must not start with '-' (position 1).";
        }

        return text.Length > MaxLength ? $"it is {text.Length} characters long; at most {MaxLength}." : null;
    }
}

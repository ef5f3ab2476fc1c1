using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// A zone BE name: one ZFS name component (it becomes <c>&lt;BE container&gt;/&lt;name&gt;</c>, see <see cref="ZoneBootEnvironmentContainer"/>) and at
/// most libbe's BE_NAME_MAX_LEN (64) characters. The full dataset name is checked again when it is built.
/// </summary>
internal static class BootEnvironmentName
{
    private const string Hint =
        "A boot environment name is one ZFS name component: letters, digits and - _ . : (no '/', '@', '#' or space), " +
        "not '.' or '..', at most 64 characters (libbe's BE_NAME_MAX_LEN), for example zbe-2.";

    public static string Parse(string? text) =>
        Check(text) is { } reason
            ? throw new ZoneDelegationException(ErrorIds.InvalidBootEnvironmentName, ZoneErrorCategory.InvalidArgument,
                $"'{text}' is not a valid boot environment name: {reason}", text, Hint)
            : text!;

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "the name is empty.";
        }

        if (text.Length > BootEnvironmentProperties.MaxNameLength)
        {
            return $"it is {text.Length} characters long; libbe allows at most {BootEnvironmentProperties.MaxNameLength}.";
        }

        if (text is "." or "..")
        {
            return $"'{text}' is not allowed.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            // Space is legal in ZFS but libbe's names never have one; refusing it keeps BE names one shell word.
            if (text[i] == ' ' || !ZfsNameGrammar.IsValidChar(text[i]))
            {
                return ZfsNameGrammar.InvalidCharacter(text, i, "boot environment name");
            }
        }

        return null;
    }
}

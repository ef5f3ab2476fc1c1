using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// An illumos zone name as zonecfg accepts it: starts with a letter or digit, then letters, digits,
/// '-', '_' and '.', at most 63 characters (ZONENAME_MAX is 64 with the NUL: libzonecfg
/// zonecfg_validate_zonename refuses strlen &gt;= ZONENAME_MAX), and not "global". Checked before any
/// command is built, so nothing shell-like reaches the compute node through a zone name.
/// </summary>
internal static class ZoneName
{
    public const int MaxLength = 63;

    private const string Hint =
        "A zone name starts with a letter or digit, continues with letters, digits, '-', '_' or '.', is at most 63 " +
        "characters and is not 'global' (zoneadm list -cv lists them; on SmartOS the zone name is the VM's UUID).";

    public static string Parse(string? text) =>
        Check(text) is { } reason
            ? throw new ZoneDelegationException(ErrorIds.InvalidZoneName, ZoneErrorCategory.InvalidArgument,
                $"'{text}' is not a valid zone name: {reason}", text, Hint)
            : text!;

    public static bool IsValid(string? text) => Check(text) is null;

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "the name is empty.";
        }

        if (text.Length > MaxLength)
        {
            return $"it is {text.Length} characters long; at most {MaxLength}.";
        }

        if (text == "global")
        {
            return "'global' is the global zone, which has global boot environments, not zone boot environments.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = char.IsAsciiLetterOrDigit(c) || (i > 0 && c is '-' or '_' or '.');
            if (!ok)
            {
                return $"character {Zfs.Names.ZfsNameGrammar.Describe(c)} at position {i + 1} is not allowed" +
                       (i == 0 ? " at the start." : ".");
            }
        }

        return null;
    }
}

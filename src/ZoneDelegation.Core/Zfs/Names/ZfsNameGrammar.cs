using System.Globalization;
using System.Text;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// The ZFS name grammar (openzfs usr/src/common/zfs/zfs_namecheck.c, zfs(8)), checked on the client
/// so that a bad name is refused before any command is built. Each check returns the reason a name
/// is invalid, or null; the typed names turn that reason into an exception with their own ErrorId.
/// </summary>
internal static class ZfsNameGrammar
{
    /// <summary>ZFS_MAX_DATASET_NAME_LEN is 256 including the terminating NUL.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>zfs_max_dataset_nesting is 50; a name's depth (its count of '/') must stay below it.</summary>
    public const int MaxNestingDepth = 49;

    /// <summary>pool_namecheck keeps room for "pool/$ORIGIN@$ORIGIN": strlen(pool) &lt; 256 - 2 - 2 * 7.</summary>
    public const int MaxPoolNameLength = 239;

    public const string DatasetHint =
        "A dataset name is pool[/component]...: each component uses only letters, digits and - _ . : or space " +
        "(space is legal in ZFS but must be quoted; % is reserved for internal receive clones), " +
        "no component is empty, '.' or '..', there is no leading or trailing '/', the whole name is under 256 bytes " +
        "and fewer than 50 levels deep. The pool name starts with a letter and is not mirror*, raidz*, draid*, spare*, " +
        "log or disk-like (c followed by a digit).";

    public const string SnapshotHint =
        "A snapshot name is dataset@snapshot (a bookmark is dataset#bookmark) with exactly one '@' or '#'. " +
        "The part after it uses only letters, digits and - _ . : or space, is not empty, and the whole name is under 256 bytes. " +
        DatasetHint;

    /// <summary>The exception every name type throws: the reason in the message, the value as Target.</summary>
    public static ZoneDelegationException Invalid(string errorId, string kind, string? text, string reason, string hint) =>
        new(errorId, ZoneErrorCategory.InvalidArgument, $"'{text}' is not a valid {kind}: {reason}", text, hint);

    /// <summary>zfs_namecheck.c valid_char: [A-Za-z0-9-_.: ].</summary>
    public static bool IsValidChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' or ':' or ' ';

    /// <summary>Describes a character for a message: printable ASCII as itself, anything else as U+XXXX.</summary>
    public static string Describe(char c) =>
        c is >= ' ' and < (char)0x7f
            ? $"'{c}'"
            : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    public static string InvalidCharacter(string text, int index, string kind)
    {
        var c = text[index];
        var why = c switch
        {
            '%' => " ('%' is used only by internal receive clones)",
            '$' => " ('$' names such as $MOS and $ORIGIN are internal to ZFS)",
            '@' => " (it starts a snapshot name)",
            '#' => " (it starts a bookmark name)",
            '/' => " (it separates dataset components)",
            _ => string.Empty,
        };
        return $"character {Describe(c)} at position {index + 1} is not allowed in a {kind}{why}.";
    }

    /// <summary>True for a well-formed filesystem, volume or snapshot name, as a name read back from zfs must be.</summary>
    public static bool IsValidEntityName(string text) =>
        text.Contains('@', StringComparison.Ordinal) ? CheckSnapshotOrBookmark(text, '@') is null : CheckDataset(text) is null;

    /// <summary>Checks a filesystem or volume name (no '@' or '#').</summary>
    public static string? CheckDataset(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "the name is empty.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '/' && !IsValidChar(text[i]))
            {
                return InvalidCharacter(text, i, "dataset name");
            }
        }

        return CheckDatasetStructure(text, text.Length);
    }

    /// <summary>Checks <c>dataset@snap</c> (delimiter '@') or <c>dataset#bookmark</c> (delimiter '#').</summary>
    public static string? CheckSnapshotOrBookmark(string? text, char delimiter)
    {
        var kind = delimiter == '@' ? "snapshot" : "bookmark";
        if (string.IsNullOrEmpty(text))
        {
            return "the name is empty.";
        }

        var at = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '@' or '#')
            {
                if (at >= 0)
                {
                    return $"character {Describe(c)} at position {i + 1} is a second delimiter; a name has at most one '@' or '#'.";
                }

                if (c != delimiter)
                {
                    return $"character {Describe(c)} at position {i + 1} is not allowed in a {kind} name (a {kind} name uses '{delimiter}').";
                }

                at = i;
            }
            else if (c == '/' ? at >= 0 : !IsValidChar(c))
            {
                return InvalidCharacter(text, i, at >= 0 ? $"{kind} name after '{delimiter}'" : $"{kind} name");
            }
        }

        if (at < 0)
        {
            return $"it has no '{delimiter}'; a {kind} name is dataset{delimiter}{kind}.";
        }

        if (at == text.Length - 1)
        {
            return $"the {kind} part after '{delimiter}' at position {at + 1} is empty.";
        }

        var shortName = text.AsSpan(at + 1);
        if (shortName is "." or "..")
        {
            return $"the {kind} part at position {at + 2} is '{shortName}', which is not allowed.";
        }

        return CheckDatasetStructure(text, at) ?? CheckLength(text);
    }

    /// <summary>Structure of text[0..end): slashes, components, depth, pool rules, and total length.</summary>
    private static string? CheckDatasetStructure(string text, int end)
    {
        if (end == 0)
        {
            return "the dataset part is empty.";
        }

        if (text[0] == '/')
        {
            return "it starts with '/' at position 1; a dataset name starts with the pool name.";
        }

        if (text[end - 1] == '/')
        {
            return $"it ends with '/' at position {end}.";
        }

        var depth = 0;
        var componentStart = 0;
        for (var i = 0; i <= end; i++)
        {
            if (i < end && text[i] != '/')
            {
                continue;
            }

            var component = text.AsSpan(componentStart, i - componentStart);
            if (component.IsEmpty)
            {
                return $"it has an empty component at position {i + 1} ('//').";
            }

            if (component is "." or "..")
            {
                return $"the component at position {componentStart + 1} is '{component}', which is not allowed.";
            }

            if (i < end)
            {
                depth++;
                componentStart = i + 1;
            }
        }

        if (depth > MaxNestingDepth)
        {
            return $"it is nested {depth} levels deep; ZFS allows fewer than {MaxNestingDepth + 1}.";
        }

        var slash = text.AsSpan(0, end).IndexOf('/');
        return CheckPool(text.AsSpan(0, slash < 0 ? end : slash)) ?? CheckLength(text);
    }

    private static string? CheckLength(string text)
    {
        // Only ASCII passes the character check, but count UTF-8 bytes as ZFS does.
        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > MaxNameBytes
            ? $"it is {bytes} bytes long; ZFS names are at most {MaxNameBytes} bytes."
            : null;
    }

    /// <summary>pool_namecheck plus the names zpool reserves for vdev types.</summary>
    public static string? CheckPool(ReadOnlySpan<char> pool)
    {
        if (pool.Length > MaxPoolNameLength)
        {
            return $"the pool name is {pool.Length} characters long; at most {MaxPoolNameLength}.";
        }

        if (pool.IsEmpty || !char.IsAsciiLetter(pool[0]))
        {
            return "the pool name must start with a letter (position 1).";
        }

        // libzfs zpool_name_valid matches these as prefixes (strncmp), except "log".
        if (pool is "log" || pool.StartsWith("mirror") || pool.StartsWith("raidz") || pool.StartsWith("draid") ||
            pool.StartsWith("spare"))
        {
            return $"the pool name '{pool}' is reserved by zpool (mirror*, raidz*, draid*, spare*, log).";
        }

        if (pool.Length > 1 && pool[0] == 'c' && char.IsAsciiDigit(pool[1]))
        {
            return $"the pool name '{pool}' looks like a disk (c followed by a digit), which zpool refuses.";
        }

        return null;
    }
}

using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// A -Name wildcard for snapshot names (the part after '@'): <c>*</c>, <c>?</c> and <c>[abc]</c> / <c>[a-z]</c>,
/// matched case-insensitively as PowerShell wildcards are. Only characters a snapshot name may hold are
/// accepted, so text such as <c>x;rm -rf /</c> is refused with InvalidSnapshotName before anything runs
/// (it could never match, and a filter is never put on a command line anyway).
/// </summary>
internal static class SnapshotNameFilter
{
    private const string Hint =
        "A snapshot name filter holds letters, digits and - _ . : and space, with the wildcards * ? and [ ]; for example daily-*.";

    /// <summary>Checks the pattern and returns its matcher.</summary>
    public static Func<string, bool> Parse(string pattern)
    {
        Validate(pattern);
        return name => NameWildcard.Matches(pattern, name);
    }

    /// <summary>Throws InvalidSnapshotName (InvalidArgument, the pattern as Target) naming the first character not allowed.</summary>
    public static void Validate(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw new ZoneDelegationException(ErrorIds.InvalidSnapshotName, ZoneErrorCategory.InvalidArgument,
                "The snapshot name filter is empty.", pattern, Hint);
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or ' ' or '*' or '?' or '[' or ']'))
            {
                throw new ZoneDelegationException(ErrorIds.InvalidSnapshotName, ZoneErrorCategory.InvalidArgument,
                    $"The snapshot name filter '{pattern}' is not valid: character {ZfsNameGrammar.Describe(c)} at position {i + 1} " +
                    "cannot appear in a snapshot name.", pattern, Hint);
            }
        }
    }
}

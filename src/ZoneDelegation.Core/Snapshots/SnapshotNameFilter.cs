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
        return name => Matches(pattern, name);
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

    /// <summary>Wildcard match by backtracking on '*' (linear for the patterns people type).</summary>
    public static bool Matches(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (p < pattern.Length && MatchOne(pattern, ref p, name[n]))
            {
                n++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Matches one character at pattern[p] ('?', a [set] or a literal) and advances p past it on success.</summary>
    private static bool MatchOne(string pattern, ref int p, char c)
    {
        var lower = char.ToLowerInvariant(c);
        if (pattern[p] == '?')
        {
            p++;
            return true;
        }

        if (pattern[p] == '[' && pattern.IndexOf(']', p + 1) is var close and > 0)
        {
            var matched = false;
            for (var i = p + 1; i < close; i++)
            {
                if (i + 2 < close && pattern[i + 1] == '-')
                {
                    matched |= lower >= char.ToLowerInvariant(pattern[i]) && lower <= char.ToLowerInvariant(pattern[i + 2]);
                    i += 2;
                }
                else
                {
                    matched |= lower == char.ToLowerInvariant(pattern[i]);
                }
            }

            if (matched)
            {
                p = close + 1;
            }

            return matched;
        }

        if (char.ToLowerInvariant(pattern[p]) == lower)
        {
            p++;
            return true;
        }

        return false;
    }
}

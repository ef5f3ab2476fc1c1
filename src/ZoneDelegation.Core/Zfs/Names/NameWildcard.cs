namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// PowerShell-style wildcards for names (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>), matched case-insensitively,
/// without building a regex: snapshot, zone and boot environment filters share it. The caller validates the pattern.
/// </summary>
internal static class NameWildcard
{
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

using System.Text;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Text from a compute node (stderr, a zone alias) on its way to the operator's terminal: control
/// characters are removed, so a CN cannot move the cursor, rewrite earlier lines or retitle the window.
/// Tabs and line breaks are kept.
/// </summary>
internal static class TerminalText
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = IndexOfControl(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (!IsControl(text[i]))
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// For a one-line field (a zone alias): <see cref="Clean(string)"/>, and tabs and line breaks become
    /// spaces, so the text cannot forge lines or columns of a view. Null passes through.
    /// </summary>
    public static string? CleanLineOrNull(string? text) =>
        text is null ? null : Clean(text).Replace('\t', ' ').Replace('\n', ' ');

    private static int IndexOfControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // C0 (ESC, BEL, CR, backspace...) and C1 (CSI U+009B...) controls and DEL, not tab or newline;
    // and the bidirectional overrides, which can make text read differently from what it is.
    private static bool IsControl(char c) =>
        (c != '\t' && c != '\n' && char.IsControl(c)) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}

using System.Text;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Collects a command's stderr for its error message, in bounded memory: at most
/// <see cref="OutputLimits.StandardErrorKeptChars"/> are kept, however long a line is, and the whole
/// stream is capped (<see cref="Feed"/> returns false past it). The first line and the final line
/// are handed to filters (a transport's start and exit markers live there and nowhere else: a marker
/// in the middle of stderr is the command's text, not ours). Kept text is cleaned of control
/// characters. Thread-safe: fed by one reader, read by anyone.
/// </summary>
internal sealed class StandardErrorCollector
{
    private readonly Func<string, string?> firstLine;
    private readonly Func<string, string?> finalLine;
    private readonly int keptChars;
    private readonly long maxChars;
    private readonly StringBuilder kept = new();
    private readonly StringBuilder pending = new();
    private readonly object gate = new();
    private string? held;
    private bool seenFirst;
    private long total;
    private bool ended;

    /// <param name="firstLine">Sees the first line; returns what of it to keep (null: nothing).</param>
    /// <param name="finalLine">Sees the final line once stderr has ended; returns what of it to keep.</param>
    /// <param name="keptChars">How much is kept for the message.</param>
    /// <param name="maxChars">How much stderr is accepted in all.</param>
    public StandardErrorCollector(Func<string, string?>? firstLine = null, Func<string, string?>? finalLine = null,
        int keptChars = OutputLimits.StandardErrorKeptChars, long maxChars = OutputLimits.StandardErrorChars)
    {
        this.firstLine = firstLine ?? (line => line);
        this.finalLine = finalLine ?? (line => line);
        this.keptChars = keptChars;
        this.maxChars = maxChars;
    }

    /// <summary>What was kept so far; before <see cref="End"/>, the lines not yet filtered are included as they are.</summary>
    public string Text
    {
        get
        {
            lock (gate)
            {
                if (ended)
                {
                    return kept.ToString();
                }

                var text = new StringBuilder(kept.ToString());
                foreach (var line in new[] { held, pending.Length > 0 ? pending.ToString() : null })
                {
                    if (line is not null && text.Length < keptChars)
                    {
                        var clean = TerminalText.Clean(line);
                        text.Append(clean.AsSpan(0, Math.Min(keptChars - text.Length, clean.Length))).Append('\n');
                    }
                }

                return text.ToString();
            }
        }
    }

    /// <summary>Adds a chunk as it was read; false once the stream passed its cap (stop the command).</summary>
    public bool Feed(ReadOnlySpan<char> chunk)
    {
        lock (gate)
        {
            total += chunk.Length;
            var rest = chunk;
            int newline;
            while ((newline = rest.IndexOf('\n')) >= 0)
            {
                AppendPending(rest[..newline]);
                CompleteLine();
                rest = rest[(newline + 1)..];
            }

            AppendPending(rest);
            return total <= maxChars;
        }
    }

    /// <summary>stderr has ended: the last line is complete and the final-line filter runs.</summary>
    public void End()
    {
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            ended = true;
            if (pending.Length > 0)
            {
                CompleteLine();
            }

            if (held is not null)
            {
                Keep(finalLine(held));
                held = null;
            }
        }
    }

    private void AppendPending(ReadOnlySpan<char> text)
    {
        // A line longer than what may be kept can neither be shown whole nor be a marker.
        var room = keptChars - pending.Length;
        if (room > 0)
        {
            pending.Append(text[..Math.Min(room, text.Length)]);
        }
    }

    private void CompleteLine()
    {
        var line = pending.ToString();
        pending.Clear();
        if (!seenFirst)
        {
            seenFirst = true;
            line = firstLine(line)!;
            if (line is null)
            {
                return;
            }
        }

        // Held back one line: only at the end is it known which line was the final one.
        if (held is not null)
        {
            Keep(held);
        }

        held = line;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        var room = keptChars - kept.Length;
        if (room <= 0)
        {
            return;
        }

        var clean = TerminalText.Clean(line);
        kept.Append(clean.AsSpan(0, Math.Min(room, clean.Length))).Append('\n');
    }
}

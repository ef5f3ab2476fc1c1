namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// Reads command output line by line without allocating a string per line: the current line is a span
/// over an internal buffer, valid until the next <see cref="ReadLine"/>. Stricter than TextReader.ReadLine:
/// lines end in LF only; a CR before the LF, or a last line without LF (output cut short), is a ParseError,
/// because either means the text is not what the command printed.
/// </summary>
internal sealed class OutputLineReader
{
    /// <summary>A line longer than this is not command output we understand (user property values are at most 8 KiB).</summary>
    public const int MaxLineLength = 1 << 20;

    private readonly TextReader reader;
    private char[] buffer;
    private int start;
    private int end;
    private bool endOfInput;
    private int lineStart;
    private int lineLength;

    public OutputLineReader(TextReader reader, string source, int bufferSize = 16 * 1024)
    {
        ArgumentNullException.ThrowIfNull(reader);
        this.reader = reader;
        Source = source;
        buffer = new char[bufferSize];
    }

    public string Source { get; }

    /// <summary>1-based number of the current line; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current line without its LF.</summary>
    public ReadOnlySpan<char> Line => buffer.AsSpan(lineStart, lineLength);

    /// <summary>Moves to the next line. False at the end of a well-formed stream.</summary>
    public bool ReadLine()
    {
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf('\n');
            if (newline >= 0)
            {
                lineStart = start;
                lineLength = newline;
                start += newline + 1;
                LineNumber++;
                if (newline > 0 && buffer[lineStart + newline - 1] == '\r')
                {
                    throw Error("the line ends with CR LF; expected LF only (was the output converted to Windows line endings?).");
                }

                return true;
            }

            if (endOfInput)
            {
                if (end > start)
                {
                    lineStart = start;
                    lineLength = end - start;
                    start = end;
                    LineNumber++;
                    throw Error("the last line has no newline: the output was cut short.");
                }

                return false;
            }

            Fill();
        }
    }

    /// <summary>A ParseException about the current line.</summary>
    public ParseException Error(string problem) => new(Source, LineNumber, problem, Line.ToString());

    /// <summary>A ParseException about the stream as a whole.</summary>
    public ParseException StreamError(string problem) => new(Source, 0, problem);

    private void Fill()
    {
        if (start > 0)
        {
            Array.Copy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            if (buffer.Length >= MaxLineLength)
            {
                LineNumber++;
                throw new ParseException(Source, LineNumber, $"the line is longer than {MaxLineLength} characters.",
                    new string(buffer, 0, 200));
            }

            Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxLineLength));
        }

        var read = reader.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            endOfInput = true;
        }
        else
        {
            end += read;
        }
    }
}

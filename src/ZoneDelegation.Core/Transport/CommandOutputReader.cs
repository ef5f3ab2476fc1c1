using System.Collections.Concurrent;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// A command's stdout as the caller reads it. A dedicated thread (never a pool thread) pumps the
/// source into a small bounded queue; the caller's reads wait on that queue and give up at once when
/// the command is aborted (timeout, Ctrl+C, Disconnect, a cap), even if the source never ends (a
/// background child holding the pipe open). Every character is counted: past the line or total cap
/// the command is aborted with OutputTooLarge. Any transport with a stdout <see cref="TextReader"/>
/// can use it.
/// </summary>
internal sealed class CommandOutputReader : TextReader
{
    private const int ChunkChars = 8192;

    private readonly BlockingCollection<char[]> chunks = new(boundedCapacity: 32);
    private readonly CancellationTokenSource aborted = new();
    private readonly Func<Exception> abortError;
    private readonly Action<string> overflow;
    private readonly long maxChars;
    private readonly int maxLineChars;
    private char[] current = [];
    private int position;
    private long total;
    private long lineLength;
    private volatile bool sourceEnded;
    private int waitingReaders;

    /// <param name="source">The stream to pump (the process's stdout reader).</param>
    /// <param name="maxChars">The most characters the command may write in all.</param>
    /// <param name="maxLineChars">The longest line it may write.</param>
    /// <param name="abortError">The exception a read throws once <see cref="Abort"/> was called.</param>
    /// <param name="overflow">Called on the pump thread, once, when a cap is passed (with what was passed); it should abort the command.</param>
    public CommandOutputReader(TextReader source, long maxChars, int maxLineChars, Func<Exception> abortError, Action<string> overflow)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.maxChars = maxChars;
        this.maxLineChars = maxLineChars;
        this.abortError = abortError ?? throw new ArgumentNullException(nameof(abortError));
        this.overflow = overflow ?? throw new ArgumentNullException(nameof(overflow));
        var pump = new Thread(() => Pump(source)) { IsBackground = true, Name = "ZoneDelegation stdout" };
        pump.Start();
    }

    /// <summary>True once the source reached its end (the command closed its stdout).</summary>
    public bool SourceEnded => sourceEnded;

    /// <summary>Makes every further read throw the abort error; the pump then discards what remains.</summary>
    public void Abort()
    {
        try
        {
            aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public bool IsAborted => aborted.IsCancellationRequested;

    /// <summary>True while a caller's read waits for output (a stopped pipeline disposes the command from another thread).</summary>
    public bool HasWaitingReader => Volatile.Read(ref waitingReaders) > 0;

    public override int Peek() => Fill() ? current[position] : -1;

    public override int Read() => Fill() ? current[position++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty || !Fill())
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, current.Length - position);
        current.AsSpan(position, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override string? ReadLine()
    {
        if (!Fill())
        {
            return null;
        }

        System.Text.StringBuilder? builder = null;
        while (Fill())
        {
            var rest = current.AsSpan(position);
            var newline = rest.IndexOfAny('\n', '\r');
            if (newline < 0)
            {
                (builder ??= new()).Append(rest);
                position = current.Length;
                continue;
            }

            var line = builder is null ? new string(rest[..newline]) : builder.Append(rest[..newline]).ToString();
            position += newline + 1;
            if (rest[newline] == '\r' && Fill() && current[position] == '\n')
            {
                position++;
            }

            return line;
        }

        return builder?.ToString() ?? string.Empty;
    }

    private bool Fill()
    {
        while (position >= current.Length)
        {
            if (aborted.IsCancellationRequested)
            {
                throw abortError();
            }

            Interlocked.Increment(ref waitingReaders);
            try
            {
                if (!chunks.TryTake(out var next, Timeout.Infinite, aborted.Token))
                {
                    return false;
                }

                current = next;
                position = 0;
            }
            catch (OperationCanceledException)
            {
                throw abortError();
            }
            finally
            {
                Interlocked.Decrement(ref waitingReaders);
            }
        }

        if (aborted.IsCancellationRequested)
        {
            throw abortError();
        }

        return true;
    }

    private void Pump(TextReader source)
    {
        var buffer = new char[ChunkChars];
        var overflowed = false;
        try
        {
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (overflowed || aborted.IsCancellationRequested)
                {
                    // Keep draining so the command is never stuck on a full pipe; nobody reads this any more.
                    continue;
                }

                var passed = Count(buffer.AsSpan(0, read));
                if (passed is not null)
                {
                    overflowed = true;
                    overflow(passed);
                    continue;
                }

                try
                {
                    chunks.Add(buffer.AsSpan(0, read).ToArray(), aborted.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        catch (IOException)
        {
            // The process was killed under us: its end of the pipe is gone.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            sourceEnded = true;
            chunks.CompleteAdding();
        }
    }

    /// <summary>Counts the chunk; returns which cap it passes, or null.</summary>
    private string? Count(ReadOnlySpan<char> chunk)
    {
        total += chunk.Length;
        if (total > maxChars)
        {
            return $"more than {maxChars} characters of output";
        }

        var rest = chunk;
        int newline;
        while ((newline = rest.IndexOf('\n')) >= 0)
        {
            if (lineLength + newline > maxLineChars)
            {
                return $"a line of more than {maxLineChars} characters";
            }

            lineLength = 0;
            rest = rest[(newline + 1)..];
        }

        lineLength += rest.Length;
        return lineLength > maxLineChars ? $"a line of more than {maxLineChars} characters" : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Abort();
        }

        base.Dispose(disposing);
    }
}

using System.Text;

namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// The stderr side of one command on a channel, filled by the channel's stderr reader: the bytes before its start
/// record (stray: counted, never kept), the command's bytes (the first <see cref="KeptBytes"/> kept), the process
/// group from its process record and the status from its end record. <see cref="Ended"/> is set when the end
/// record arrived or the channel died. The hello has no start record: all it gets before its end is kept.
/// </summary>
internal sealed class ChannelStandardError
{
    /// <summary>Enough to explain any failure; what goes beyond is counted, not kept.</summary>
    public const int KeptBytes = 64 * 1024;

    private readonly MemoryStream kept = new();
    private readonly ManualResetEventSlim started = new(false);
    private long total;
    private long stray;
    private int processGroup = -1;
    private string? status;
    private volatile bool awaitingStart;

    /// <param name="marker">The command's marker.</param>
    /// <param name="limit">More stderr than this calls <paramref name="limitPassed"/>.</param>
    /// <param name="limitPassed">Stops the command (OutputTooLarge).</param>
    /// <param name="framedStart">True for a command (its part begins with a start record), false for the hello.</param>
    public ChannelStandardError(string marker, long limit, Action? limitPassed, bool framedStart = true)
    {
        Marker = marker;
        MarkerBytes = Encoding.ASCII.GetBytes(marker);
        Limit = limit;
        LimitPassed = limitPassed;
        awaitingStart = framedStart;
    }

    public string Marker { get; }

    public byte[] MarkerBytes { get; }

    /// <summary>More stderr than this stops the command (OutputTooLarge).</summary>
    public long Limit { get; }

    private Action? LimitPassed { get; }

    public ManualResetEventSlim Ended { get; } = new(false);

    /// <summary>The command's process group (its leader's PID), or -1 before the start record.</summary>
    public int ProcessGroup => Volatile.Read(ref processGroup);

    /// <summary>The end record's value ("0", "143", or the hello's tool name), null if the channel died first.</summary>
    public string? Status => Volatile.Read(ref status);

    public long TotalBytes => Interlocked.Read(ref total);

    /// <summary>True until the start record arrived: bytes read now are not the command's.</summary>
    public bool AwaitingStart => awaitingStart;

    /// <summary>How many bytes arrived before the start record (written by something else; dropped).</summary>
    public long StrayBytes => Interlocked.Read(ref stray);

    public void OnStray(int count) => Interlocked.Add(ref stray, count);

    public void OnStartRecord() => awaitingStart = false;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (kept)
        {
            if (kept.Length < KeptBytes)
            {
                kept.Write(bytes[..(int)Math.Min(bytes.Length, KeptBytes - kept.Length)]);
            }
        }

        var now = Interlocked.Add(ref total, bytes.Length);
        if (now > Limit && now - bytes.Length <= Limit)
        {
            LimitPassed?.Invoke();
        }
    }

    public void OnStarted(int group)
    {
        Volatile.Write(ref processGroup, group);
        started.Set();
    }

    public void OnEnded(string? endStatus)
    {
        Volatile.Write(ref status, endStatus);
        started.Set();
        Ended.Set();
    }

    /// <summary>Waits for the start record (or the end); the process group, or -1.</summary>
    public int WaitForProcessGroup(TimeSpan timeout)
    {
        started.Wait(timeout);
        return ProcessGroup;
    }

    /// <summary>
    /// The kept stderr as the exec path reports it: decoded as UTF-8 and read line by line, each line ended by
    /// one newline (so "no newline" reads "no newline\n", as it does from a process's stderr reader).
    /// </summary>
    public string Text()
    {
        string decoded;
        lock (kept)
        {
            decoded = new UTF8Encoding(false).GetString(kept.GetBuffer(), 0, (int)kept.Length);
        }

        var text = new StringBuilder();
        using var reader = new StringReader(decoded);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (text.Length < KeptBytes)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }
}

using System.Collections.Concurrent;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The sink a cmdlet gives <see cref="CommandNotices"/>: any thread (a fan-out's workers, a channel's reader) adds
/// notices; the one thread that may write to the pipeline takes them out, in the order they came, with
/// <see cref="WriteTo"/>. A notice leaves the queue only once it was written, so one whose write throws
/// (the pipeline stopped) is still there for the next attempt.
/// </summary>
internal sealed class CommandNoticeQueue
{
    private readonly ConcurrentQueue<CommandNotice> queued = new();

    public CommandNoticeQueue() => Sink = queued.Enqueue;

    /// <summary>The delegate to enter as the ambient sink; the same instance each time, so a caller can tell whether its scope is current.</summary>
    public Action<CommandNotice> Sink { get; }

    public int Count => queued.Count;

    /// <summary>Hands every queued notice to <paramref name="write"/>, oldest first. One consumer only: the pipeline thread.</summary>
    public void WriteTo(Action<CommandNotice> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        while (queued.TryPeek(out var notice))
        {
            write(notice);
            queued.TryDequeue(out _);
        }
    }
}

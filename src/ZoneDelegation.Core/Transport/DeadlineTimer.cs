namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Fires command deadlines from one dedicated thread, so a timeout holds however busy the thread pool
/// is (System.Threading.Timer needs a free pool thread to run its callback). Callbacks must be quick:
/// they flag the command and hand slow work (a remote kill) to a thread of its own.
/// </summary>
internal static class DeadlineTimer
{
    private static readonly PriorityQueue<Entry, long> Queue = new();
    private static readonly object Gate = new();
    private static Thread? worker;

    /// <summary>Runs <paramref name="callback"/> once <paramref name="after"/> has passed, unless the result is disposed first.</summary>
    public static IDisposable Schedule(TimeSpan after, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var entry = new Entry(callback);
        var due = Environment.TickCount64 + (long)Math.Min(Math.Max(after.TotalMilliseconds, 0), long.MaxValue / 4);
        lock (Gate)
        {
            Queue.Enqueue(entry, due);
            if (worker is null)
            {
                worker = new Thread(Loop) { IsBackground = true, Name = "ZoneDelegation deadlines" };
                worker.Start();
            }

            Monitor.Pulse(Gate);
        }

        return entry;
    }

    private static void Loop()
    {
        while (true)
        {
            Entry? due = null;
            lock (Gate)
            {
                while (due is null)
                {
                    if (!Queue.TryPeek(out var next, out var at))
                    {
                        Monitor.Wait(Gate);
                        continue;
                    }

                    var wait = at - Environment.TickCount64;
                    if (wait > 0)
                    {
                        Monitor.Wait(Gate, (int)Math.Min(wait, int.MaxValue));
                        continue;
                    }

                    Queue.Dequeue();
                    due = next;
                }
            }

            due.Fire();
        }
    }

    private sealed class Entry(Action callback) : IDisposable
    {
        private int state;

        public void Fire()
        {
            if (Interlocked.CompareExchange(ref state, 1, 0) == 0)
            {
                try
                {
                    callback();
                }
                catch (Exception)
                {
                    // A deadline callback must never take the timer thread down.
                }
            }
        }

        // A cancelled entry stays queued until its time and is then skipped.
        public void Dispose() => Interlocked.Exchange(ref state, 1);
    }
}

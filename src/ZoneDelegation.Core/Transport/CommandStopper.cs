using System.Collections.Concurrent;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Runs the slow part of stopping a command (a remote kill over ssh, a process-tree kill) on a few
/// dedicated threads, so neither the deadline thread nor a Ctrl+C callback ever waits on it (starting
/// a thread per stop would: Thread.Start waits for the thread to run, which under load takes long).
/// </summary>
internal static class CommandStopper
{
    private const int Threads = 4;
    private static readonly BlockingCollection<Action> Pending = new();

    static CommandStopper()
    {
        for (var i = 0; i < Threads; i++)
        {
            new Thread(Loop) { IsBackground = true, Name = "ZoneDelegation stopper " + i }.Start();
        }
    }

    public static void Queue(Action stop) => Pending.Add(stop);

    private static void Loop()
    {
        foreach (var stop in Pending.GetConsumingEnumerable())
        {
            try
            {
                stop();
            }
            catch (Exception)
            {
                // Best effort: one failed stop must not end the thread that runs the others.
            }
        }
    }
}

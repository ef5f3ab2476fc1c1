using System.Collections.Concurrent;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Runs the slow part of stopping a command (a remote kill over ssh, a process-tree kill) off the caller's thread,
/// so neither the deadline thread nor a Ctrl+C callback ever waits on it. Each stop gets a thread of its own: a stop
/// that blocks (a kill through a hung ControlMaster, up to its own timeout) never delays another's, on this CN or
/// any other. Every stop ends within its own timeouts, so the threads are bounded by the commands running.
/// One dispatcher thread starts them, because Thread.Start waits for the new thread to run, which under load takes
/// long: the caller only queues.
/// </summary>
internal static class CommandStopper
{
    private static readonly BlockingCollection<Action> Pending = new();

    static CommandStopper()
    {
        // No ambient scope (Ctrl+C, notices) of whichever command happened to load this class flows into the stops.
        using (ExecutionContext.SuppressFlow())
        {
            new Thread(Dispatch) { IsBackground = true, Name = "ZoneDelegation stop dispatcher" }.Start();
        }
    }

    public static void Queue(Action stop) => Pending.Add(stop);

    private static void Dispatch()
    {
        foreach (var stop in Pending.GetConsumingEnumerable())
        {
            new Thread(() => Run(stop)) { IsBackground = true, Name = "ZoneDelegation stop" }.Start();
        }
    }

    private static void Run(Action stop)
    {
        try
        {
            stop();
        }
        catch (Exception)
        {
            // Best effort: a failed stop is the end of that stop only.
        }
    }
}

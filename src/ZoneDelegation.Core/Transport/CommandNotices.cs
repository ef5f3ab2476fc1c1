namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The ambient sink for what a transport has to tell the operator beside a command's result: a command channel
/// that could not be opened and the way the command took instead (verbose), every command that ended, with its
/// command line, outcome and duration (verbose, <see cref="CommandNotice.Ended"/>), output a left-behind process
/// wrote into a channel, dropped (warning), and what a cache decided (debug). Like <see cref="CommandCancellation"/>: the caller enters a scope with a
/// thread-safe sink (a cmdlet queues the notices and writes them on its pipeline thread); a transport reads
/// <see cref="Current"/> when a command starts and may call it from any thread. Without a scope, notices are dropped.
/// </summary>
internal static class CommandNotices
{
    private static readonly AsyncLocal<Scope?> Ambient = new();

    /// <summary>The sink of the innermost live scope on this logical thread, else null.</summary>
    public static Action<CommandNotice>? Current => Ambient.Value is { IsLive: true } scope ? scope.Sink : null;

    /// <summary>Makes <paramref name="sink"/> the ambient sink for this logical thread and the work it starts; disposing the scope ends it.</summary>
    public static Scope Enter(Action<CommandNotice> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var scope = new Scope(sink, Ambient.Value);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>Hands <paramref name="notice"/> to <paramref name="sink"/>; a failing sink never fails the command.</summary>
    internal static void Send(Action<CommandNotice>? sink, CommandNotice notice)
    {
        try
        {
            sink?.Invoke(notice);
        }
        catch (Exception)
        {
            // A notice is advice: losing it must not change the command's outcome.
        }
    }

    /// <summary>Tells the ambient sink, if any, what a cache decided about <paramref name="computeNode"/> (a debug line).</summary>
    internal static void Debug(string computeNode, string message) =>
        Send(Current, new CommandNotice(CommandNoticeLevel.Debug, computeNode, message));

    public sealed class Scope : IDisposable
    {
        private readonly Scope? outer;
        private volatile bool ended;

        internal Scope(Action<CommandNotice> sink, Scope? outer)
        {
            Sink = sink;
            this.outer = outer;
        }

        internal Action<CommandNotice> Sink { get; }

        internal bool IsLive => !ended;

        public void Dispose()
        {
            ended = true;
            if (ReferenceEquals(Ambient.Value, this))
            {
                Ambient.Value = outer;
            }
        }
    }
}

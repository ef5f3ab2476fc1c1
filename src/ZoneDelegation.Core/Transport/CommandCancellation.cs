namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The ambient "stop" of the operation under way (Ctrl+C in a cmdlet, a fan-out that was told to
/// stop): every transport reads <see cref="Current"/> when a command starts and honours it while the
/// command runs, so a service never has to pass a token through. A read-only command is stopped at
/// once; a command that changes state (<see cref="NativeCommand.ChangesState"/>) is never killed: it
/// is reported as possibly still running (CommandMayStillBeRunning).
/// The cmdlet base class enters a scope from its stop token; FanOut enters one per worker.
/// </summary>
internal static class CommandCancellation
{
    private static readonly AsyncLocal<Scope?> Ambient = new();

    /// <summary>The token of the innermost live scope on this logical thread, else None.</summary>
    public static CancellationToken Current => Ambient.Value is { IsLive: true } scope ? scope.Token : CancellationToken.None;

    /// <summary>
    /// Makes <paramref name="token"/> the ambient stop for this logical thread and the work it starts
    /// (tasks, threads). Disposing the scope ends it, from any thread: a scope that leaked onto a
    /// reused thread is then ignored.
    /// </summary>
    public static Scope Enter(CancellationToken token)
    {
        var scope = new Scope(token, Ambient.Value);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>Throws OperationCanceledException when the ambient operation was stopped.</summary>
    public static void ThrowIfStopped() => Current.ThrowIfCancellationRequested();

    public sealed class Scope : IDisposable
    {
        private readonly Scope? outer;
        private volatile bool ended;

        internal Scope(CancellationToken token, Scope? outer)
        {
            Token = token;
            this.outer = outer;
        }

        public CancellationToken Token { get; }

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

using System.Diagnostics;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// A view of a CN's transport for reads that must answer quickly or not at all (tab completion): every
/// command it starts gets what is left of one total budget as its timeout, and cancelling the token
/// stops the running command at once (disposing it, as a stopped pipeline does). It only reads: a
/// command that changes state is refused. Disposing the view leaves the CN's transport open.
/// </summary>
internal sealed class BudgetedTransport : ICommandTransport
{
    private readonly ICommandTransport inner;
    private readonly long deadline;
    private readonly CancellationToken cancellation;

    public BudgetedTransport(ICommandTransport inner, TimeSpan budget, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
        deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        this.cancellation = cancellation;
    }

    public string ComputeNode => inner.ComputeNode;

    public bool IsConnected => inner.IsConnected;

    /// <summary>What is left of the budget (zero once spent).</summary>
    public TimeSpan Remaining => TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    public IRunningCommand Start(NativeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.ChangesState)
        {
            throw new InvalidOperationException($"A budgeted read cannot run a command that changes state: {command.CommandLine}");
        }

        var left = Remaining;
        if (cancellation.IsCancellationRequested || left <= TimeSpan.Zero)
        {
            throw CommandErrors.Stopped(command, ComputeNode, cancellation);
        }

        var running = inner.Start(command with { Timeout = command.Timeout is { } own && own < left ? own : left });
        return new Running(running, cancellation.Register(running.Dispose));
    }

    public void Dispose()
    {
        // The CN's transport belongs to its connection.
    }

    private sealed class Running(IRunningCommand inner, CancellationTokenRegistration registration) : IRunningCommand
    {
        public NativeCommand Command => inner.Command;

        public TextReader StandardOutput => inner.StandardOutput;

        public CommandResult Complete() => inner.Complete();

        public void Dispose()
        {
            registration.Dispose();
            inner.Dispose();
        }
    }
}

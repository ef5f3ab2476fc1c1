using System.Diagnostics;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The lifetime every running command shares, whatever carries it (a process, a persistent channel): its deadline,
/// its stop registrations, why it was ended early (the first reason wins), Complete-once and abandon on Dispose, and
/// the errors and result it ends with. Built once, so the carriers cannot drift apart: a timeout, a stop or a passed
/// cap fails the caller's reads at once; a read-only command is then stopped by the carrier, a command that changes
/// state never is, and is reported as possibly still running (CommandMayStillBeRunning).
/// A deadline or a stop that comes once the command has ended is no abort: the command's own result stands.
/// However it ends, the end is told once to the operation's <see cref="CommandNotices"/> (captured when the command
/// starts): the command line as -WhatIf shows it, the outcome and the duration (<see cref="CommandNotice.Ended"/>).
/// </summary>
internal sealed class CommandLifetime
{
    private readonly string computeNode;
    private readonly NativeCommand command;
    private readonly TimeSpan timeout;
    private readonly CancellationToken ambient;
    private readonly ICommandCarrier carrier;
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private readonly CancellationTokenSource aborted = new();
    private readonly List<IDisposable> registrations = [];
    private readonly Action<CommandNotice>? notices;
    private Abort? abort;
    private int completed;
    private int reported;

    private enum AbortReason
    {
        TimedOut,
        Stopped,
        TooLarge,
    }

    /// <param name="carrier">What carries the command: asked whether it ended, told to fail reads and to stop.</param>
    /// <param name="computeNode">The CN's name, for results and errors.</param>
    /// <param name="command">The command (its ChangesState decides whether an abort may stop it).</param>
    /// <param name="timeout">The command's timeout, as its error states it.</param>
    /// <param name="ambient">The operation's stop (<see cref="CommandCancellation.Current"/>), named by a Stopped error.</param>
    /// <param name="report">False for the transport's own housekeeping (ssh -O check, a host-key lookup): not a command the operator ran.</param>
    public CommandLifetime(ICommandCarrier carrier, string computeNode, NativeCommand command, TimeSpan timeout, CancellationToken ambient,
        bool report = true)
    {
        this.carrier = carrier;
        this.computeNode = computeNode;
        this.command = command;
        this.timeout = timeout;
        this.ambient = ambient;
        notices = report ? CommandNotices.Current : null;
    }

    /// <summary>Cancelled once the command was aborted: a wait on the carrier ends at once.</summary>
    public CancellationToken Aborted => aborted.Token;

    public bool IsAborted => Volatile.Read(ref abort) is not null;

    /// <summary>
    /// Called last by the carrier's constructor: starts the deadline (<paramref name="deadlineIn"/> from now) and the
    /// stops (an operation already stopped aborts the command right here).
    /// </summary>
    public void Arm(TimeSpan deadlineIn, params CancellationToken[] stops)
    {
        if (IsAborted)
        {
            // A cap was passed while the carrier was still being made: its reader may not have existed yet.
            carrier.FailCallerReads();
        }

        lock (registrations)
        {
            registrations.Add(DeadlineTimer.Schedule(deadlineIn, () => TryAbort(AbortReason.TimedOut)));
            foreach (var token in stops)
            {
                registrations.Add(token.Register(() => TryAbort(AbortReason.Stopped)));
            }
        }
    }

    /// <summary>The command wrote <paramref name="what"/> ("more than N characters on stderr"): a cap always ends it.</summary>
    public void OnTooLarge(string what) => TryAbort(AbortReason.TooLarge, what);

    /// <summary>Marks Complete as called; a second call is a caller's bug.</summary>
    public void BeginComplete()
    {
        if (Interlocked.Exchange(ref completed, 1) != 0)
        {
            throw new InvalidOperationException("Complete was already called for this command.");
        }
    }

    /// <summary>Ends the deadline and the stop registrations (the command is done, or being given up).</summary>
    public void Disarm()
    {
        lock (registrations)
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            registrations.Clear();
        }
    }

    /// <summary>
    /// On Dispose: disarms and, when Complete was never called (the caller stopped early, or an exception unwound),
    /// aborts the command as stopped. True when this call aborted it.
    /// </summary>
    public bool Abandon()
    {
        var abandoned = Interlocked.Exchange(ref completed, 1) == 0;
        Disarm();
        var stopped = abandoned && TryAbort(AbortReason.Stopped);
        if (abandoned)
        {
            // The caller stopped reading before the end (it had what it needed, or failed on what it read).
            Report(stopped ? (command.ChangesState ? "not waited for, left to finish" : "not read to its end, stopped") : "ended, exit not read");
        }

        return stopped;
    }

    public void ThrowIfAborted()
    {
        if (IsAborted)
        {
            throw AbortError();
        }
    }

    /// <summary>The command ran to its end with <paramref name="exitCode"/>: NativeCommandFailed, or its result.</summary>
    public CommandResult Result(int exitCode, string standardError)
    {
        stopwatch.Stop();
        Report(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"exit {exitCode}"));
        CommandErrors.ThrowIfFailed(command, computeNode, exitCode, standardError);
        return new CommandResult(computeNode, command.CommandLine, exitCode, standardError, stopwatch.Elapsed);
    }

    /// <summary>The connection broke under the running command (no end of it came back): ConnectionLost.</summary>
    public NativeCommandException ConnectionLost(string standardError) =>
        Failed(CommandErrors.FromSshFailure(SshFailureClassifier.LostDuringCommand(standardError, computeNode), command, computeNode, standardError));

    /// <summary>The carrier failed the command (ssh could not carry it): reported by its ErrorId, and returned to be thrown.</summary>
    public NativeCommandException Failed(NativeCommandException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Report("failed: " + failure.ErrorId);
        return failure;
    }

    private bool TryAbort(AbortReason reason, string what = "")
    {
        // A deadline or stop that comes as the command ends is none; a passed cap is always reported.
        if (reason != AbortReason.TooLarge && carrier.HasEnded)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref abort, new Abort(reason, what), null) is not null)
        {
            return false;
        }

        aborted.Cancel();
        carrier.FailCallerReads();
        if (!command.ChangesState)
        {
            carrier.StopCommand();
        }

        return true;
    }

    /// <summary>What a read or Complete throws once the command was aborted; reported at once, the stop goes on on its own thread.</summary>
    public Exception AbortError()
    {
        var standardError = carrier.StandardErrorSoFar;
        var (reason, what) = Volatile.Read(ref abort) ?? throw new InvalidOperationException("The command was not aborted.");
        Report(reason switch
        {
            _ when command.ChangesState => "may still be running",
            AbortReason.TimedOut => "timed out",
            AbortReason.TooLarge => "stopped: output too large",
            _ => "stopped",
        });
        if (command.ChangesState)
        {
            var why = reason switch
            {
                AbortReason.TimedOut => $"did not finish within {timeout.TotalSeconds:0.###} s",
                AbortReason.TooLarge => $"wrote {what}",
                _ => "was still running when the operation was stopped",
            };
            return CommandErrors.MayStillBeRunning(command, computeNode, why, standardError);
        }

        return reason switch
        {
            AbortReason.TimedOut => CommandErrors.TimedOut(command, computeNode, timeout, standardError),
            AbortReason.TooLarge => CommandErrors.TooLarge(command, computeNode, what, standardError),
            _ => CommandErrors.Stopped(command, computeNode, ambient),
        };
    }

    /// <summary>Tells the operation how the command ended, once, whichever path ends it first.</summary>
    private void Report(string outcome)
    {
        if (notices is null || Interlocked.Exchange(ref reported, 1) != 0)
        {
            return;
        }

        CommandNotices.Send(notices, CommandNotice.Ended(computeNode, command, outcome, stopwatch.Elapsed));
    }

    private sealed record Abort(AbortReason Reason, string What);
}

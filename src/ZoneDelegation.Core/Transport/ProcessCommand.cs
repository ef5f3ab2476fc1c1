using System.ComponentModel;
using System.Diagnostics;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// A child process running one native command (the program itself, or the ssh client carrying it).
/// Nothing here blocks a thread-pool thread: stdout is pumped by a <see cref="CommandOutputReader"/>,
/// stderr is drained on a thread of its own into a bounded <see cref="StandardErrorCollector"/>,
/// stdin is written on a thread of its own, and the deadline fires from <see cref="DeadlineTimer"/>.
/// A timeout, a stop (<see cref="CommandCancellation"/>) or a passed output cap aborts the command:
/// the caller's reads fail at once, a read-only command is stopped (far end first, then the local
/// process tree, on a thread of its own), and a command that changes state is left to finish and
/// reported as possibly still running.
/// </summary>
internal sealed class ProcessCommand : IRunningCommand
{
    private static readonly TimeSpan StandardErrorGrace = TimeSpan.FromSeconds(5);

    private readonly string computeNode;
    private readonly ProcessCommandHooks hooks;
    private readonly Process process;
    private readonly Stopwatch stopwatch;
    private readonly CommandOutputReader output;
    private readonly StandardErrorCollector standardError;
    private readonly ManualResetEventSlim standardErrorEnded = new();
    private readonly TimeSpan timeout;
    private readonly IDisposable deadline;
    private readonly CancellationTokenRegistration stopRegistration;
    private readonly CancellationTokenRegistration ambientRegistration;
    private readonly object gate = new();
    private int abortReason;
    private string overflow = string.Empty;
    private int killing;
    private bool completed;

    private enum AbortReason
    {
        None,
        TimedOut,
        Stopped,
        TooLarge,
    }

    private ProcessCommand(string computeNode, NativeCommand command, ProcessCommandHooks hooks, Process process, TimeSpan timeout,
        CancellationToken stop, CancellationToken ambient)
    {
        this.computeNode = computeNode;
        Command = command;
        this.hooks = hooks;
        this.process = process;
        this.timeout = timeout;
        stopwatch = Stopwatch.StartNew();
        standardError = new StandardErrorCollector(hooks.FilterFirstStandardErrorLine, hooks.FilterFinalStandardErrorLine);
        output = new CommandOutputReader(process.StandardOutput, command.MaxOutputChars ?? OutputLimits.StreamedOutputChars,
            OutputLimits.LineChars, AbortError, what => Abort(AbortReason.TooLarge, what));

        // The reader's pump starts in its constructor and may pass a cap before the field above is set.
        if (Volatile.Read(ref abortReason) != (int)AbortReason.None)
        {
            output.Abort();
        }
        StartThread("stderr", ReadStandardError);
        if (command.StandardInput is null)
        {
            CloseStandardInput();
        }
        else
        {
            StartThread("stdin", WriteStandardInput);
        }

        deadline = DeadlineTimer.Schedule(timeout, OnDeadline);
        // Last: an operation that is already stopped aborts the command right here.
        stopRegistration = stop.Register(() => Abort(AbortReason.Stopped));
        ambientRegistration = ambient.Register(() => Abort(AbortReason.Stopped));
    }

    public NativeCommand Command { get; }

    public TextReader StandardOutput => output;

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/> (no shell in between).
    /// <paramref name="displayCommand"/> is what errors and -WhatIf show: the native command, not the ssh wrapper.
    /// <paramref name="stop"/> (the transport's own: Disconnect) and, unless <paramref name="ignoreAmbient"/>
    /// (the transport's housekeeping: a remote kill must run even though the operation was stopped),
    /// the ambient <see cref="CommandCancellation"/> stop it.
    /// </summary>
    public static ProcessCommand Start(string computeNode, NativeCommand displayCommand, string program,
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout,
        ProcessCommandHooks hooks, Func<Win32Exception, NativeCommandException> programNotFound,
        CancellationToken stop = default, bool ignoreAmbient = false)
    {
        var ambient = ignoreAmbient ? CancellationToken.None : CommandCancellation.Current;
        ambient.ThrowIfCancellationRequested();
        stop.ThrowIfCancellationRequested();
        var process = ProcessLauncher.Start(program, arguments, environment, programNotFound);
        return new ProcessCommand(computeNode, displayCommand, hooks, process, timeout, stop, ambient);
    }

    public CommandResult Complete()
    {
        lock (gate)
        {
            if (completed)
            {
                throw new InvalidOperationException("Complete was already called for this command.");
            }

            completed = true;
        }

        try
        {
            // The caller may have stopped reading early: drain so the child is never blocked on a full pipe.
            var buffer = new char[8192];
            while (output.Read(buffer, 0, buffer.Length) > 0)
            {
            }

            while (!process.WaitForExit(50))
            {
                ThrowIfAborted();
            }

            var graceUntil = Stopwatch.StartNew();
            while (!standardErrorEnded.Wait(50) && graceUntil.Elapsed < StandardErrorGrace)
            {
                // A daemon the command left behind may hold stderr open; the deadline still applies.
                ThrowIfAborted();
            }

            ThrowIfAborted();
        }
        finally
        {
            Unregister();
        }

        stopwatch.Stop();
        standardError.End();
        var stderr = standardError.Text;
        var (exitCode, carrierFailure) = hooks.InterpretExit(process.ExitCode, stderr, Command);
        if (carrierFailure is not null)
        {
            throw carrierFailure;
        }

        CommandErrors.ThrowIfFailed(Command, computeNode, exitCode, stderr);

        return new CommandResult(computeNode, Command.CommandLine, exitCode, stderr, stopwatch.Elapsed);
    }

    public void Dispose()
    {
        bool abandon;
        lock (gate)
        {
            abandon = !completed;
            completed = true;
        }

        Unregister();
        if (abandon && !process.HasExited)
        {
            // Disposed without Complete (the caller stopped early, or an exception unwound): a read-only
            // command may not keep running; a write is left to finish.
            Abort(AbortReason.Stopped);
        }

        if (process.HasExited)
        {
            process.Dispose();
        }
    }

    private void Unregister()
    {
        deadline.Dispose();
        stopRegistration.Dispose();
        ambientRegistration.Dispose();
    }

    private void OnDeadline()
    {
        // The command may have finished just as the deadline came (its caller is slow to call
        // Complete): that is not a timeout. An exited process whose pipes are still open is one.
        if (process.HasExited && output.SourceEnded && standardErrorEnded.IsSet)
        {
            return;
        }

        Abort(AbortReason.TimedOut);
    }

    private void Abort(AbortReason reason, string what = "")
    {
        if (Interlocked.CompareExchange(ref abortReason, (int)reason, (int)AbortReason.None) != (int)AbortReason.None)
        {
            return;
        }

        overflow = what;
        // The reader first: the caller learns at once; the stop follows on a stopper thread. (Null only while the
        // constructor is still making it; the constructor aborts it then.)
        output?.Abort();
        if (!Command.ChangesState)
        {
            Kill();
        }
    }

    private void Kill()
    {
        if (Interlocked.Exchange(ref killing, 1) != 0)
        {
            return;
        }

        CommandStopper.Queue(() =>
        {
            try
            {
                if (!process.HasExited)
                {
                    hooks.StopFarEnd();
                }
            }
            catch (Exception)
            {
                // Best effort: killing the local side below still ends the command.
            }

            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            catch (Win32Exception)
            {
                // Exited while we were killing it.
            }
        });
    }

    private void ThrowIfAborted()
    {
        if (Volatile.Read(ref abortReason) != (int)AbortReason.None)
        {
            throw AbortError();
        }
    }

    /// <summary>What a read or Complete throws once the command was aborted.</summary>
    private Exception AbortError()
    {
        // Reported at once: the stop (a remote kill, a tree kill) goes on on its own thread.
        var reason = (AbortReason)Volatile.Read(ref abortReason);
        var stderr = standardError.Text;
        if (Command.ChangesState)
        {
            var why = reason switch
            {
                AbortReason.TimedOut => $"did not finish within {timeout.TotalSeconds:0.###} s",
                AbortReason.TooLarge => $"wrote {overflow}",
                _ => "was still running when the operation was stopped",
            };
            return new NativeCommandException(ErrorIds.CommandMayStillBeRunning, ZoneErrorCategory.OperationTimeout,
                $"'{Command.Program}' on {computeNode} {why}. It changes the compute node, so it was not killed: it may still be running, and its change may be partly or fully applied.",
                computeNode, Command.CommandLine, null, stderr,
                "Do not retry blindly: read the current state back (Get-SafeZone, Get-DatasetLimit) and check on the CN whether the command is still running.");
        }

        return reason switch
        {
            AbortReason.TimedOut => CommandErrors.TimedOut(Command, computeNode, timeout, stderr),
            AbortReason.TooLarge => CommandErrors.TooLarge(Command, computeNode, overflow, stderr),
            _ => CommandErrors.Stopped(Command, computeNode),
        };
    }

    private void ReadStandardError()
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = process.StandardError.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (!standardError.Feed(buffer.AsSpan(0, read)))
                {
                    overflow = "more than " + OutputLimits.StandardErrorChars + " characters on stderr";
                    Abort(AbortReason.TooLarge, overflow);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            standardErrorEnded.Set();
        }
    }

    private void WriteStandardInput()
    {
        try
        {
            process.StandardInput.Write(Command.StandardInput);
        }
        catch (IOException)
        {
            // The command exited without reading all of its input; its exit code tells the story.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            CloseStandardInput();
        }
    }

    private void CloseStandardInput()
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
    }

    private static void StartThread(string what, Action action) =>
        new Thread(() => action()) { IsBackground = true, Name = "ZoneDelegation " + what }.Start();
}

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
internal sealed class ProcessCommand : IRunningCommand, ICommandCarrier
{
    private static readonly TimeSpan StandardErrorGrace = TimeSpan.FromSeconds(5);

    private readonly ProcessCommandHooks hooks;
    private readonly Process process;
    private readonly CommandLifetime lifetime;
    private readonly CommandOutputReader output;
    private readonly StandardErrorCollector standardError;
    private readonly ManualResetEventSlim standardErrorEnded = new();
    private int killing;

    private ProcessCommand(string computeNode, NativeCommand command, ProcessCommandHooks hooks, Process process, TimeSpan timeout,
        CancellationToken stop, CancellationToken ambient, bool report)
    {
        Command = command;
        this.hooks = hooks;
        this.process = process;
        standardError = new StandardErrorCollector(hooks.FilterFirstStandardErrorLine, hooks.FilterFinalStandardErrorLine);
        lifetime = new CommandLifetime(this, computeNode, command, timeout, ambient, report);
        output = new CommandOutputReader(process.StandardOutput, command.MaxOutputChars ?? OutputLimits.StreamedOutputChars,
            OutputLimits.LineChars, lifetime.AbortError, lifetime.OnTooLarge);
        StartThread("stderr", ReadStandardError);
        if (command.StandardInput is null)
        {
            CloseStandardInput();
        }
        else
        {
            StartThread("stdin", WriteStandardInput);
        }

        // Last: an operation that is already stopped aborts the command right here.
        lifetime.Arm(timeout, stop, ambient);
    }

    public NativeCommand Command { get; }

    public TextReader StandardOutput => output;

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/> (no shell in between).
    /// <paramref name="displayCommand"/> is what errors and -WhatIf show: the native command, not the ssh wrapper.
    /// <paramref name="stop"/> (the transport's own: Disconnect) and, unless <paramref name="ignoreAmbient"/>
    /// (the transport's housekeeping: a remote kill must run even though the operation was stopped),
    /// the ambient <see cref="CommandCancellation"/> stop it. Housekeeping is not reported on the operation's
    /// verbose stream; every other command's end is (<see cref="CommandLifetime"/>).
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
        return new ProcessCommand(computeNode, displayCommand, hooks, process, timeout, stop, ambient, report: !ignoreAmbient);
    }

    public CommandResult Complete()
    {
        lifetime.BeginComplete();
        try
        {
            // The caller may have stopped reading early: drain so the child is never blocked on a full pipe.
            var buffer = new char[8192];
            while (output.Read(buffer, 0, buffer.Length) > 0)
            {
            }

            while (!process.WaitForExit(50))
            {
                lifetime.ThrowIfAborted();
            }

            var graceUntil = Stopwatch.StartNew();
            while (!standardErrorEnded.Wait(50) && graceUntil.Elapsed < StandardErrorGrace)
            {
                // A daemon the command left behind may hold stderr open; the deadline still applies.
                lifetime.ThrowIfAborted();
            }

            lifetime.ThrowIfAborted();
        }
        finally
        {
            lifetime.Disarm();
        }

        standardError.End();
        var stderr = standardError.Text;
        var (exitCode, carrierFailure) = hooks.InterpretExit(process.ExitCode, stderr, Command);
        if (carrierFailure is not null)
        {
            throw lifetime.Failed(carrierFailure);
        }

        return lifetime.Result(exitCode, stderr);
    }

    public void Dispose()
    {
        // Disposed without Complete: a read-only command may not keep running; a write is left to finish.
        lifetime.Abandon();
        if (process.HasExited)
        {
            process.Dispose();
        }
    }

    /// <summary>An exited process whose pipes are still open (a daemon it left behind holds them) has not ended.</summary>
    bool ICommandCarrier.HasEnded => process.HasExited && output is { SourceEnded: true } && standardErrorEnded.IsSet;

    string ICommandCarrier.StandardErrorSoFar => standardError.Text;

    // Null only while the constructor is still making it; the lifetime fails it once armed.
    void ICommandCarrier.FailCallerReads() => output?.Abort();

    /// <summary>The far end first, then the local process tree, on a stopper thread.</summary>
    void ICommandCarrier.StopCommand()
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
                    lifetime.OnTooLarge("more than " + OutputLimits.StandardErrorChars + " characters on stderr");
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

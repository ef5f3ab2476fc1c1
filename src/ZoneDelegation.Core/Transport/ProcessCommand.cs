using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// A child process running one native command (the program itself, or the ssh client carrying it):
/// stdout is the caller's stream, stdin is written on a worker and closed, stderr is drained on a
/// worker (a full stderr pipe can never stall the child), and a timer enforces the timeout by
/// stopping the far end and then killing the whole local process tree.
/// </summary>
internal sealed class ProcessCommand : IRunningCommand
{
    // Enough to explain any failure; a runaway stderr must not fill memory.
    private const int MaxStandardErrorChars = 64 * 1024;

    private readonly string computeNode;
    private readonly ProcessCommandHooks hooks;
    private readonly Process process;
    private readonly Stopwatch stopwatch;
    private readonly Task standardErrorReader;
    private readonly Task standardInputWriter;
    private readonly StringBuilder standardError = new();
    private readonly TimeSpan timeout;
    private readonly Timer timer;
    private readonly object gate = new();
    private int stopped;
    private bool timedOut;
    private bool completed;

    private ProcessCommand(string computeNode, NativeCommand command, ProcessCommandHooks hooks, Process process, TimeSpan timeout)
    {
        this.computeNode = computeNode;
        Command = command;
        this.hooks = hooks;
        this.process = process;
        this.timeout = timeout;
        stopwatch = Stopwatch.StartNew();
        standardErrorReader = Task.Run(ReadStandardError);
        standardInputWriter = Task.Run(WriteStandardInput);
        timer = new Timer(_ => OnTimeout(), null, timeout, Timeout.InfiniteTimeSpan);
    }

    public NativeCommand Command { get; }

    public TextReader StandardOutput => process.StandardOutput;

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/> (no shell in between).
    /// <paramref name="displayCommand"/> is what errors and -WhatIf show: the native command, not the ssh wrapper.
    /// </summary>
    public static ProcessCommand Start(string computeNode, NativeCommand displayCommand, string program,
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout,
        ProcessCommandHooks hooks, Func<Win32Exception, NativeCommandException> programNotFound)
    {
        var process = ProcessLauncher.Start(program, arguments, environment, programNotFound);
        return new ProcessCommand(computeNode, displayCommand, hooks, process, timeout);
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

        // The caller may have stopped reading early: drain so the child is never blocked on a full pipe.
        var buffer = new char[8192];
        while (process.StandardOutput.Read(buffer, 0, buffer.Length) > 0)
        {
        }

        process.WaitForExit();
        timer.Dispose();
        stopwatch.Stop();
        WaitQuietly(standardErrorReader);
        WaitQuietly(standardInputWriter);

        string stderr;
        lock (standardError)
        {
            stderr = standardError.ToString();
        }

        if (timedOut)
        {
            throw new NativeCommandException(ErrorIds.CommandTimedOut, ZoneErrorCategory.OperationTimeout,
                $"'{Command.Program}' on {computeNode} did not finish within {timeout.TotalSeconds:0.###} s and was stopped.",
                computeNode, Command.CommandLine, null, stderr,
                "Give the command a longer timeout, or check why the compute node is slow.");
        }

        var (exitCode, carrierFailure) = hooks.InterpretExit(process.ExitCode, stderr, Command);
        if (carrierFailure is not null)
        {
            throw carrierFailure;
        }

        if (!Command.SuccessExitCodes.Contains(exitCode))
        {
            var firstLine = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            throw new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.InvalidResult,
                $"'{Command.Program}' on {computeNode} failed with exit code {exitCode}" + (firstLine is null ? "." : $": {firstLine}"),
                computeNode, Command.CommandLine, exitCode, stderr,
                "Read the command's stderr in the error's exception (StandardError) for the cause.");
        }

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

        timer.Dispose();
        if (abandon)
        {
            // Disposed without Complete (the caller stopped early, or an exception unwound): nothing may keep running.
            Stop();
            WaitQuietly(standardErrorReader);
            WaitQuietly(standardInputWriter);
        }

        process.Dispose();
    }

    private void OnTimeout()
    {
        lock (gate)
        {
            // The command may have finished just as the timer fired: that is not a timeout.
            if (process.HasExited)
            {
                return;
            }

            timedOut = true;
        }

        Stop();
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

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
    }

    private void ReadStandardError()
    {
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null)
        {
            line = hooks.FilterStandardErrorLine(line);
            if (line is null)
            {
                continue;
            }

            lock (standardError)
            {
                if (standardError.Length < MaxStandardErrorChars)
                {
                    standardError.Append(line).Append('\n');
                }
            }
        }
    }

    private void WriteStandardInput()
    {
        try
        {
            if (Command.StandardInput is not null)
            {
                process.StandardInput.Write(Command.StandardInput);
            }
        }
        catch (IOException)
        {
            // The command exited without reading all of its input; its exit code tells the story.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private static void WaitQuietly(Task task)
    {
        try
        {
            // Bounded: a daemon the command left behind could hold a pipe open forever.
            task.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}

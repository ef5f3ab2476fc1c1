using System.Diagnostics;
using System.Text;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// One command running on a <see cref="ShellChannel"/>. Reads like a process: stdout is a stream the caller
/// reads as it arrives, <see cref="Complete"/> checks the exit with the same ErrorIds and messages as the exec
/// path. A timeout (or output past its cap, or disposal before Complete) kills the command's process group on the
/// CN through the ControlMaster; the channel then goes on with the next command, or is broken and replaced when
/// the command does not end within a grace period. A command is sent once and never again.
/// </summary>
internal sealed class ChannelCommand : IRunningCommand
{
    /// <summary>Stdout beyond this (a runaway CN) stops the command: OutputTooLarge. Streamed, so memory stays small.</summary>
    public const long MaxStandardOutputBytes = 256L * 1024 * 1024;

    /// <summary>Stderr beyond this stops the command: OutputTooLarge (the first 64 KiB are kept for the error).</summary>
    public const long MaxStandardErrorBytes = 16L * 1024 * 1024;

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string computeNode;
    private readonly ShellChannel channel;
    private readonly Action<int> killRemoteGroup;
    private readonly Action<ShellChannel, bool> release;
    private readonly byte[] marker;
    private readonly ChannelStandardError error;
    private readonly TimeSpan timeout;
    private readonly CancellationTokenRegistration stopRegistration;
    private bool stopped;
    private int activeReaders;
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private readonly IDisposable deadline;
    private readonly object gate = new();
    private (char Kind, string Value)? outputRecord;
    private bool outputEnded;
    private long outputBytes;
    private int stopping;
    private int released;
    private bool timedOut;
    private bool tooLarge;
    private bool completed;

    /// <param name="computeNode">The CN's name, for results and errors.</param>
    /// <param name="command">The command, sent once.</param>
    /// <param name="timeout">The command's timeout, as the error states it.</param>
    /// <param name="remaining">What is left of it after waiting for the channel: when the deadline falls.</param>
    /// <param name="channel">The channel leased to this command.</param>
    /// <param name="killRemoteGroup">Kills a process group on the CN (through the ControlMaster).</param>
    /// <param name="release">Hands the channel back (true: reusable) when the command is done with it.</param>
    public ChannelCommand(string computeNode, NativeCommand command, TimeSpan timeout, TimeSpan remaining, ShellChannel channel,
        Action<int> killRemoteGroup, Action<ShellChannel, bool> release)
    {
        this.computeNode = computeNode;
        Command = command;
        this.timeout = timeout;
        this.channel = channel;
        this.killRemoteGroup = killRemoteGroup;
        this.release = release;
        var markerText = ChannelProtocol.NewMarker();
        marker = Encoding.ASCII.GetBytes(markerText);
        error = new ChannelStandardError(markerText, MaxStandardErrorBytes, () => StopForSize());
        string line;
        try
        {
            line = ChannelProtocol.RunLine(command, markerText);
        }
        catch (ArgumentException)
        {
            Release(healthy: true);
            throw;
        }

        try
        {
            channel.Start(error, line);
        }
        catch (IOException sendFailure)
        {
            Release(healthy: false);
            var failure = SshFailureClassifier.LostDuringCommand(sendFailure.Message, computeNode);
            throw new NativeCommandException(failure.ErrorId, failure.Category, failure.Message,
                computeNode, command.CommandLine, null, string.Empty, failure.Hint);
        }

        deadline = DeadlineTimer.Schedule(remaining, OnTimeout);

        // Ctrl+C (the ambient stop of the cmdlet) ends a read-only command like a timeout does, reported as stopped.
        stopRegistration = CommandCancellation.Current.Register(OnStopped);
        StandardOutput = new StreamReader(new OutputStream(this), Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096);
    }

    public NativeCommand Command { get; }

    public TextReader StandardOutput { get; }

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

        Finish();
        stopwatch.Stop();
        var stderr = error.Text();

        if (AbortError(stderr) is { } abort)
        {
            throw abort;
        }

        var exitCode = outputRecord is ('E', var status) && error.Status == status ? ChannelProtocol.ParseExitStatus(status) : null;
        if (exitCode is not { } code)
        {
            var failure = SshFailureClassifier.LostDuringCommand(stderr, computeNode);
            throw new NativeCommandException(failure.ErrorId, failure.Category, failure.Message,
                computeNode, Command.CommandLine, null, stderr, failure.Hint);
        }

        CommandErrors.ThrowIfFailed(Command, computeNode, code, stderr);

        return new CommandResult(computeNode, Command.CommandLine, code, stderr, stopwatch.Elapsed);
    }

    public void Dispose()
    {
        bool abandon;
        lock (gate)
        {
            abandon = !completed;
            completed = true;
        }

        if (abandon)
        {
            // Disposed without Complete (the caller stopped early, or an exception unwound): nothing may keep running.
            if (error.Ended.IsSet)
            {
                Finish();
            }
            else if (Volatile.Read(ref activeReaders) == 0)
            {
                // Nobody else reads: drain it here, and the channel goes on with the next command.
                Stop();
                Finish();
            }
            else
            {
                // Still running: another thread may be blocked reading this channel (a stopped pipeline disposes from
                // the stopping thread), so it is not drained here, where two readers would wait for one end record.
                // The command's group is killed through the ControlMaster and the channel is given up, which ends
                // every read at once; the next command opens a new channel. Channel commands never change state
                // (writes take the exec path), so nothing half-written is lost.
                Stop();
                channel.Break();
                Release(healthy: false);
            }
        }

        deadline.Dispose();
        stopRegistration.Dispose();
        StandardOutput.Dispose();
    }

    /// <summary>Reads stdout to its end record and waits for stderr's, then hands the channel back (or breaks it).</summary>
    private void Finish()
    {
        DrainOutput();
        if (!error.Ended.Wait(StopGrace))
        {
            // Stdout ended but stderr's record never came: the channel is out of step, never reuse it.
            channel.Break();
            error.Ended.Wait();
        }

        deadline.Dispose();
        stopRegistration.Dispose();
        var ended = outputRecord is ('E', _) && error.Status is not null;
        Release(healthy: ended && channel.IsUsable);
        if (!ended && error.ProcessGroup > 0 && Volatile.Read(ref stopping) == 0)
        {
            // The channel died under a running command: its process group lives on the CN; end it if we still can.
            killRemoteGroup(error.ProcessGroup);
        }
    }

    private void DrainOutput()
    {
        var discard = new byte[8192];
        while (!outputEnded)
        {
            ReadOutput(discard, deliver: false);
        }
    }

    /// <summary>Why the command was ended early (stopped, timed out, too much output), as the exec path reports it; null when it was not.</summary>
    private Exception? AbortError(string stderr)
    {
        if (stopped)
        {
            return CommandErrors.Stopped(Command, computeNode, CommandCancellation.Current);
        }

        if (timedOut)
        {
            return CommandErrors.TimedOut(Command, computeNode, timeout, stderr);
        }

        if (tooLarge)
        {
            return CommandErrors.TooLarge(Command, computeNode,
                $"more than {MaxStandardOutputBytes / (1024 * 1024)} MiB of output or {MaxStandardErrorBytes / (1024 * 1024)} MiB of errors", stderr);
        }

        return null;
    }

    private int ReadOutput(Span<byte> destination, bool deliver)
    {
        if (!deliver)
        {
            return ReadRecord(destination, deliver);
        }

        Interlocked.Increment(ref activeReaders);
        try
        {
            var count = ReadRecord(destination, deliver);

            // The caller's read ends with the reason, as on the exec path, not with a silent end of output.
            if (count == 0 && AbortError(error.Text()) is { } abort)
            {
                throw abort;
            }

            return count;
        }
        finally
        {
            Interlocked.Decrement(ref activeReaders);
        }
    }

    private int ReadRecord(Span<byte> destination, bool deliver)
    {
        if (outputEnded)
        {
            return 0;
        }

        int count;
        (char Kind, string Value)? record;
        try
        {
            count = channel.Output.Read(destination, marker, out record);
        }
        catch (InvalidDataException)
        {
            channel.Break();
            count = 0;
            record = null;
        }

        if (count == 0)
        {
            outputEnded = true;
            outputRecord = record;
            return 0;
        }

        outputBytes += count;
        if (outputBytes > MaxStandardOutputBytes)
        {
            StopForSize();
            return deliver ? 0 : count;
        }

        return count;
    }

    private void OnStopped()
    {
        lock (gate)
        {
            if (error.Ended.IsSet || timedOut)
            {
                return;
            }

            stopped = true;
        }

        Stop();
    }

    private void OnTimeout()
    {
        lock (gate)
        {
            // The command may have ended just as the timer fired: that is not a timeout.
            if (error.Ended.IsSet)
            {
                return;
            }

            timedOut = true;
        }

        Stop();
    }

    private void StopForSize()
    {
        lock (gate)
        {
            tooLarge = !timedOut;
        }

        Stop();
    }

    /// <summary>
    /// Ends the command, off the caller's and the deadline's threads: its process group is killed on the CN through
    /// the ControlMaster (the channel itself is busy waiting for it), the loop then sends the end records and the
    /// channel goes on with the next command. If the command has not ended after a grace period (a CN that does not
    /// answer), the channel is broken so every wait returns, and the next command gets a fresh one.
    /// Breaking it first would not be quicker: the ControlMaster holds the channel's pipes until the remote session
    /// ends, so the caller's read returns only once the remote side has let go either way.
    /// </summary>
    private void Stop()
    {
        if (Interlocked.Exchange(ref stopping, 1) != 0)
        {
            return;
        }

        var stopper = new Thread(() =>
        {
            var group = error.WaitForProcessGroup(StopGrace);
            if (group > 0 && !error.Ended.IsSet)
            {
                killRemoteGroup(group);
            }

            if (!error.Ended.Wait(StopGrace))
            {
                channel.Break();
            }
        })
        {
            IsBackground = true,
            Name = "zd-channel-stop",
        };
        stopper.Start();
    }

    private void Release(bool healthy)
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            release(channel, healthy);
        }
    }

    /// <summary>The command's stdout as a stream that ends at its end record.</summary>
    private sealed class OutputStream(ChannelCommand owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => owner.ReadOutput(buffer.AsSpan(offset, count), deliver: true);

        public override int Read(Span<byte> buffer) => owner.ReadOutput(buffer, deliver: true);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

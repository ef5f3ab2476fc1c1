using System.Text;

namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// One command running on a <see cref="ShellChannel"/>. Reads like a process: stdout is a stream the caller
/// reads as it arrives, <see cref="Complete"/> checks the exit with the same ErrorIds, messages and output caps as
/// the exec path. The channel's stdout is pumped by a <see cref="CommandOutputReader"/> (a thread of its own), so
/// the caller never waits on the channel itself: a timeout, a stop (Ctrl+C, disposal before Complete) or a passed
/// cap ends the caller's read at once, also when the CN never lets go of the channel. The stop follows on a stopper
/// thread: the command's process group is killed on the CN through the ControlMaster, and the channel goes on with
/// the next command, or is broken and replaced when the command does not end within a grace period.
/// The pump hands the channel back once both streams reached the command's end records. Bytes before the command's
/// start records were written by something else (a process an earlier command left behind): they are dropped,
/// the channel is closed after this command, and a warning says so (<see cref="CommandNotices"/>).
/// A command is sent once and never again.
/// </summary>
internal sealed class ChannelCommand : IRunningCommand, ICommandCarrier
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string computeNode;
    private readonly CommandLifetime lifetime;
    private readonly ShellChannel channel;
    private readonly Action<int> killRemoteGroup;
    private readonly Action<ShellChannel, bool> release;
    private readonly Action<CommandNotice>? notices;
    private readonly byte[] marker;
    private readonly ChannelStandardError error;
    private readonly CommandOutputReader output;
    private readonly ManualResetEventSlim finished = new();
    private (char Kind, string Value)? outputRecord;
    private bool outputStarted;
    private volatile bool outputEnded;
    private long strayOutputBytes;
    private int released;

    /// <param name="computeNode">The CN's name, for results and errors.</param>
    /// <param name="command">The command, sent once.</param>
    /// <param name="timeout">The command's timeout, as the error states it.</param>
    /// <param name="remaining">What is left of it after waiting for the channel: when the deadline falls.</param>
    /// <param name="channel">The channel leased to this command.</param>
    /// <param name="killRemoteGroup">Kills a process group on the CN (through the ControlMaster).</param>
    /// <param name="release">Hands the channel back (true: reusable) when the command is done with it.</param>
    /// <exception cref="ChannelNotUsableException">The channel could not take the line: the command was not sent (the channel is released).</exception>
    public ChannelCommand(string computeNode, NativeCommand command, TimeSpan timeout, TimeSpan remaining, ShellChannel channel,
        Action<int> killRemoteGroup, Action<ShellChannel, bool> release)
    {
        this.computeNode = computeNode;
        Command = command;
        // Ctrl+C (the ambient stop of the cmdlet) ends a read-only command like a timeout does, reported as stopped.
        var ambient = CommandCancellation.Current;
        lifetime = new CommandLifetime(this, computeNode, command, timeout, ambient);
        this.channel = channel;
        this.killRemoteGroup = killRemoteGroup;
        this.release = release;
        notices = CommandNotices.Current;
        var markerText = ChannelProtocol.NewMarker();
        marker = Encoding.ASCII.GetBytes(markerText);
        error = new ChannelStandardError(markerText, OutputLimits.StandardErrorChars,
            () => lifetime.OnTooLarge($"more than {OutputLimits.StandardErrorChars} bytes on stderr"));
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
            // The line's end never reached the ssh client, and the loop runs only whole lines: nothing ran.
            Release(healthy: false);
            throw new ChannelNotUsableException($"the channel was gone when '{command.Program}' was sent to it ({sendFailure.Message})", string.Empty);
        }

        output = new CommandOutputReader(new StreamReader(new OutputStream(this), Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 8192),
            command.MaxOutputChars ?? OutputLimits.StreamedOutputChars, OutputLimits.LineChars,
            lifetime.AbortError, lifetime.OnTooLarge);

        // The deadline falls when what is left of the timeout after waiting for the channel has passed.
        lifetime.Arm(remaining, ambient);
    }

    public NativeCommand Command { get; }

    public TextReader StandardOutput => output;

    public CommandResult Complete()
    {
        lifetime.BeginComplete();
        try
        {
            // The caller may have stopped reading early: the rest is read (and dropped) up to the end record.
            var buffer = new char[8192];
            while (output.Read(buffer, 0, buffer.Length) > 0)
            {
            }

            // The pump hands the channel back once stderr's end record is in too; an abort ends this wait at once.
            finished.Wait(lifetime.Aborted);
        }
        catch (OperationCanceledException) when (lifetime.IsAborted)
        {
            throw lifetime.AbortError();
        }
        finally
        {
            lifetime.Disarm();
        }

        lifetime.ThrowIfAborted();
        var stderr = error.Text();
        var exitCode = outputRecord is ('E', var status) && error.Status == status ? ChannelProtocol.ParseExitStatus(status) : null;
        return exitCode is { } code ? lifetime.Result(code, stderr) : throw lifetime.ConnectionLost(stderr);
    }

    public void Dispose()
    {
        // Disposed without Complete (the caller stopped early, or an exception unwound): nothing may keep running.
        // When this is what stops it and nobody else waits on it, the stop is given a moment to end the command on
        // the CN and hand the channel back, so the next command finds it; a stopped pipeline (a reader blocked on
        // another thread) and a CN that never lets go are not waited for.
        if (lifetime.Abandon() && !output.HasWaitingReader)
        {
            finished.Wait(StopGrace);
        }

        output.Dispose();
    }

    bool ICommandCarrier.HasEnded => finished.IsSet || (outputEnded && error.Ended.IsSet);

    string ICommandCarrier.StandardErrorSoFar => error.Text();

    // Null only while the constructor is still making it (a cap passed at once); the lifetime fails it once armed.
    void ICommandCarrier.FailCallerReads() => output?.Abort();

    /// <summary>
    /// On a stopper thread: the process group is killed on the CN through the ControlMaster (the channel itself is
    /// busy), the loop then sends the end records and the pump hands the channel back for the next command. A command
    /// that has not ended after a grace period (a CN that does not answer, a process the kill cannot end) has its
    /// channel broken and given up: the next command opens a new one.
    /// </summary>
    void ICommandCarrier.StopCommand() =>
        CommandStopper.Queue(() =>
        {
            var group = error.WaitForProcessGroup(StopGrace);
            if (group > 0 && !error.Ended.IsSet)
            {
                killRemoteGroup(group);
            }

            if (!finished.Wait(StopGrace))
            {
                channel.Break();
                Release(healthy: false);
            }
        });

    /// <summary>On the pump thread: the command's next stdout bytes, or 0 at its end record (or the channel's end).</summary>
    private int ReadOutput(Span<byte> destination)
    {
        if (outputEnded)
        {
            return 0;
        }

        try
        {
            if (!outputStarted && !SkipToStart())
            {
                OnOutputEnded(null);
                return 0;
            }

            var count = channel.Output.Read(destination, marker, out var record);
            if (count == 0)
            {
                OnOutputEnded(record);
            }

            return count;
        }
        catch (InvalidDataException)
        {
            // Not a record this protocol writes: the channel is out of step, never reuse it.
            channel.Break();
            OnOutputEnded(null);
            return 0;
        }
    }

    /// <summary>Drops what precedes the start record (stray bytes); false when the channel ended first.</summary>
    private bool SkipToStart()
    {
        var discard = new byte[8192];
        while (true)
        {
            var count = channel.Output.Read(discard, marker, out var record);
            if (count > 0)
            {
                strayOutputBytes += count;
                continue;
            }

            if (record is ('S', _))
            {
                outputStarted = true;
                return true;
            }

            if (record is not null)
            {
                channel.Break();
            }

            return false;
        }
    }

    /// <summary>
    /// On the pump thread, once stdout reached the end: waits for stderr's end record (breaking a channel that
    /// is out of step), hands the channel back, and ends the group of a command whose channel died under it.
    /// </summary>
    private void OnOutputEnded((char Kind, string Value)? record)
    {
        outputEnded = true;
        outputRecord = record;
        if (!error.Ended.Wait(StopGrace))
        {
            // Stdout ended but stderr's record never came: the channel is out of step, never reuse it.
            channel.Break();
        }

        var ended = record is ('E', _) && error.Status is not null;
        var stray = strayOutputBytes + error.StrayBytes;
        if (stray > 0)
        {
            CommandNotices.Send(notices, new CommandNotice(CommandNoticeLevel.Warning, computeNode,
                $"{stray} bytes reached the command channel to {computeNode} before '{Command.Program}' started: a process an " +
                "earlier command left behind (outside its process group) still writes into the channel. They were dropped, " +
                "never read as output, and the channel was closed; the next command opens a new one."));
        }

        Release(healthy: ended && stray == 0 && channel.IsUsable);
        if (!ended && error.ProcessGroup > 0 && !lifetime.IsAborted)
        {
            // The channel died under a running command: its process group lives on the CN; end it if we still can.
            killRemoteGroup(error.ProcessGroup);
        }

        finished.Set();
    }

    private void Release(bool healthy)
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            release(channel, healthy);
        }
    }

    /// <summary>The command's stdout as a stream that ends at its end record; read by the pump thread only.</summary>
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

        public override int Read(byte[] buffer, int offset, int count) => owner.ReadOutput(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => owner.ReadOutput(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// One persistent remote shell: an <c>ssh -S socket</c> client of the ControlMaster running
/// <see cref="ChannelProtocol.RemoteScript"/>, and the one command it runs at a time. The caller reads the
/// command's stdout on its own thread (<see cref="Output"/>); a dedicated thread reads stderr and hands each
/// command's part to its <see cref="ChannelStandardError"/> in order.
/// </summary>
internal sealed class ShellChannel : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process process;
    private readonly Stream input;
    private readonly FramedReader errorReader;
    private readonly BlockingCollection<ChannelStandardError> errorQueue = new();
    private readonly Thread errorThread;
    private int broken;
    private int disposed;

    private ShellChannel(Process process)
    {
        this.process = process;
        ProcessId = process.Id;
        input = process.StandardInput.BaseStream;
        Output = new FramedReader(process.StandardOutput.BaseStream);
        errorReader = new FramedReader(process.StandardError.BaseStream);
        errorThread = new Thread(ReadStandardError) { IsBackground = true, Name = "zd-channel-stderr" };
        errorThread.Start();
    }

    /// <summary>The ssh client's stdout: the current command's bytes, then its end record.</summary>
    public FramedReader Output { get; }

    /// <summary>False once the channel broke (its ssh client ended, or it was killed): it takes no more commands.</summary>
    public bool IsUsable => Volatile.Read(ref broken) == 0 && !process.HasExited;

    /// <summary>The local ssh client's PID (for tests: no process is left behind).</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Starts the ssh client and waits for the loop's hello on both streams (whatever a login prints before it is
    /// dropped), at most <paramref name="timeout"/>. Returns the channel and the process-group tool the CN has
    /// ("setpgrp", "setsid" or "none"). Throws <see cref="ChannelNotUsableException"/> when the channel does not
    /// come up (nothing was sent on it), OperationCanceledException when the operation is stopped meanwhile, and
    /// <paramref name="programNotFound"/>'s error when the ssh client cannot be started.
    /// </summary>
    public static (ShellChannel Channel, string GroupTool) Open(string sshExecutable, IReadOnlyList<string> sshArguments,
        TimeSpan timeout, Func<Win32Exception, NativeCommandException> programNotFound)
    {
        var stop = CommandCancellation.Current;
        stop.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        var process = ProcessLauncher.Start(sshExecutable, sshArguments, null, programNotFound);
        var channel = new ShellChannel(process);
        var marker = ChannelProtocol.NewMarker();
        var hello = new ChannelStandardError(marker, long.MaxValue, null, framedStart: false);
        var expired = false;
        (char Kind, string Value)? record = null;
        using (DeadlineTimer.Schedule(timeout, () => { expired = true; channel.Break(); }))
        using (stop.Register(channel.Break))
        {
            try
            {
                channel.errorQueue.Add(hello);
                channel.Send(ChannelProtocol.HelloLine(marker));
                record = channel.Output.SkipTo(Encoding.ASCII.GetBytes(marker));

                // Stderr's hello follows stdout's at once; a broken channel's stderr may stay open while the CN holds it.
                var left = timeout - watch.Elapsed;
                hello.Ended.Wait(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (IOException)
            {
            }
            catch (InvalidDataException)
            {
            }
        }

        if (record is ('H', var tool) && hello.Ended.IsSet && hello.Status == tool)
        {
            return (channel, tool);
        }

        channel.Dispose();
        stop.ThrowIfCancellationRequested();

        // What ssh said on its way out is the reason: its stderr reader may still be delivering it.
        hello.Ended.Wait(TimeSpan.FromSeconds(2));
        var stderr = hello.Text();
        var reason = Volatile.Read(ref expired)
            ? $"it did not answer within {timeout.TotalSeconds:0.#} s"
            : $"ssh ended it: {LastLine(stderr)}";
        throw new ChannelNotUsableException(reason, stderr);
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "it gave no reason";

    /// <summary>Queues the command's stderr part, then sends its line. Throws IOException when the channel is gone.</summary>
    public void Start(ChannelStandardError standardError, string runLine)
    {
        errorQueue.Add(standardError);
        Send(runLine);
    }

    /// <summary>Kills the local ssh client: both streams end, so every wait on this channel returns.</summary>
    public void Break()
    {
        Interlocked.Exchange(ref broken, 1);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }

    /// <summary>Closes the loop's stdin (it exits at end of input), then makes sure the ssh client is gone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref broken, 1);
        try
        {
            input.Close();
        }
        catch (IOException)
        {
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(1)))
        {
            Break();
            process.WaitForExit(TimeSpan.FromSeconds(2));
        }

        errorQueue.CompleteAdding();
        errorThread.Join(TimeSpan.FromSeconds(2));
        process.Dispose();
    }

    private void Send(string line)
    {
        var bytes = Utf8.GetBytes(line);
        input.Write(bytes);
        input.Flush();
    }

    private void ReadStandardError()
    {
        var chunk = new byte[8192];
        try
        {
            foreach (var current in errorQueue.GetConsumingEnumerable())
            {
                if (!ReadCommandError(current, chunk))
                {
                    // The stream ended: this command and every one queued behind it lost the channel.
                    current.OnEnded(null);
                    Interlocked.Exchange(ref broken, 1);
                    while (errorQueue.TryTake(out var queued))
                    {
                        queued.OnEnded(null);
                    }
                }
            }
        }
        catch (InvalidOperationException)
        {
            // CompleteAdding raced with TryTake at disposal.
        }
    }

    /// <summary>Reads one command's stderr up to its end record; false when the stream ended first.</summary>
    private bool ReadCommandError(ChannelStandardError current, byte[] chunk)
    {
        while (true)
        {
            int count;
            (char Kind, string Value)? record;
            try
            {
                count = errorReader.Read(chunk, current.MarkerBytes, out record);
            }
            catch (InvalidDataException)
            {
                Break();
                return false;
            }

            if (count > 0)
            {
                if (current.AwaitingStart)
                {
                    current.OnStray(count);
                }
                else
                {
                    current.Append(chunk.AsSpan(0, count));
                }

                continue;
            }

            switch (record)
            {
                case null:
                    return false;
                case ('S', _) when current.AwaitingStart:
                    current.OnStartRecord();
                    break;
                case ('P', var pid) when int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var group):
                    current.OnStarted(group);
                    break;
                case ('E' or 'H', var status):
                    current.OnEnded(status);
                    return true;
                default:
                    Break();
                    return false;
            }
        }
    }
}

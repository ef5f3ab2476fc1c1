using System.Collections.Concurrent;
using System.ComponentModel;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// Runs a CN's commands on a small pool of persistent remote shells (<see cref="ShellChannel"/>) that ride on the
/// ControlMaster of an open <see cref="OpenSshTransport"/>: about a millisecond per command instead of a new ssh
/// session each. Up to <see cref="SshConnectionOptions.ChannelPoolSize"/> commands run at once; more wait for a
/// free channel. Channels open on demand (a CN whose commands run one after another has one) and are reused; one
/// idle for <see cref="SshConnectionOptions.ChannelIdleTimeout"/> is closed (an idle CN keeps its ControlMaster
/// only, issue 18), and the next command opens a new one; a broken one is dropped and the next command opens a new
/// one. A command whose channel cannot be opened (or turns out dead when the command is sent) was not sent: it
/// tries one more channel, then the exec path, within its own timeout, and says so in a verbose
/// <see cref="CommandNotices"/> notice; only a command that was sent can end as ConnectionLost. Commands with a
/// stdin payload (vmadm JSON), and every command when the CN has neither setpgrp nor setsid (or no mktemp or
/// mkfifo), take the exec path of the underlying transport.
/// </summary>
internal sealed class PersistentChannelTransport : ICommandTransport
{
    /// <summary>
    /// Channels a command tries (an idle one that turns out dead, or a new one that does not come up) before it
    /// takes the exec path: a command that was not sent may go another way; one that was sent never goes again.
    /// </summary>
    private const int ChannelAttempts = 2;

    private readonly OpenSshTransport exec;
    private readonly SshConnectionOptions options;
    private readonly SshArguments arguments;
    private readonly SemaphoreSlim slots;
    private readonly object idleGate = new();

    // Idle channels, the most recently used last: a command takes the last one, so commands one after another use
    // one channel and the others age out. Whoever removes a channel from here (a command, or its idle timer) owns it.
    private readonly List<ShellChannel> idle = [];
    private readonly Dictionary<ShellChannel, Timer> idleTimers = [];
    private readonly ConcurrentDictionary<ShellChannel, bool> all = new();
    private int closedIdle;
    private volatile string? unavailableReason;
    private int opened;
    private int disposed;

    /// <param name="exec">An open exec transport: its ControlMaster carries the channels, and it runs what they do not.</param>
    public PersistentChannelTransport(OpenSshTransport exec)
    {
        this.exec = exec ?? throw new ArgumentNullException(nameof(exec));
        options = exec.Options;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChannelPoolSize, 1, nameof(options.ChannelPoolSize));
        arguments = new SshArguments(options, exec.ControlSocket);
        slots = new SemaphoreSlim(options.ChannelPoolSize);
    }

    public string ComputeNode => exec.ComputeNode;

    /// <summary>The exec transport underneath (its ControlMaster, and the path for payload commands).</summary>
    public OpenSshTransport Exec => exec;

    /// <summary>The channels live on the exec transport's ControlMaster: a dead master is a lost connection.</summary>
    public bool IsConnected => exec.IsConnected;

    /// <summary>How many channels were opened over this connection's life (a broken one is replaced by a new one).</summary>
    public int ChannelsOpened => Volatile.Read(ref opened);

    /// <summary>The local ssh clients of the channels open now (for tests: nothing is left behind).</summary>
    public IReadOnlyList<int> ChannelProcessIds => all.Keys.Select(channel => channel.ProcessId).ToList();

    /// <summary>How many open channels wait for a command now (a stopped command hands its channel back once the CN let go of it).</summary>
    public int IdleChannelCount
    {
        get
        {
            lock (idleGate)
            {
                return idle.Count;
            }
        }
    }

    /// <summary>How many channels were closed because they stayed idle for <see cref="SshConnectionOptions.ChannelIdleTimeout"/>.</summary>
    public int ChannelsClosedIdle => Volatile.Read(ref closedIdle);

    /// <summary>Null while channels are used; otherwise why every command takes the exec path on this CN.</summary>
    public string? UnavailableReason => unavailableReason;

    public IRunningCommand Start(NativeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Volatile.Read(ref disposed) != 0)
        {
            // After Disconnect: the exec transport refuses with the module's error (ComputeNodeNotConnected).
            return exec.Start(command);
        }

        if (command.StandardInput is not null || command.ChangesState || unavailableReason is not null)
        {
            // The one place that routes: a payload would have to share the loop's stdin with the command lines; vmadm
            // writes are rare and slow anyway, so they keep their own session, where stdin is the payload and nothing
            // else. Every other write takes the exec path too: there a timeout or Ctrl+C never kills it mid-way
            // (CommandMayStillBeRunning). The channel itself refuses both (ChannelProtocol.RunLine), should a new path miss this.
            return exec.Start(command);
        }

        // Ctrl+C before the command started: nothing runs.
        CommandCancellation.ThrowIfStopped();

        // The timeout counts from here: waiting for a free channel, or opening one, uses it up too.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var timeout = command.Timeout ?? options.DefaultCommandTimeout;
        var resolved = command with { Timeout = timeout };
        var notices = CommandNotices.Current;
        ChannelNotUsableException? notUsable = null;
        for (var attempt = 1; attempt <= ChannelAttempts; attempt++)
        {
            var left = timeout - waited.Elapsed;
            if (left <= TimeSpan.Zero || !slots.Wait(left))
            {
                throw NotRun(command, timeout, notUsable);
            }

            ShellChannel? channel;
            try
            {
                channel = TakeIdle();
                if (channel is not null)
                {
                    Tell(notices, "channel pool: takes an idle command channel.");
                }
                else if ((channel = OpenChannel(resolved, timeout - waited.Elapsed)) is not null)
                {
                    Tell(notices, $"channel pool: no idle command channel; opened a new one ({ChannelsOpened} opened on this connection so far).");
                }
            }
            catch (ChannelNotUsableException failure)
            {
                slots.Release();
                notUsable = failure;
                Notify(notices, $"A command channel to {ComputeNode} could not be opened ({failure.Message}); '{command.Program}' was not sent on it.");
                continue;
            }
            catch
            {
                slots.Release();
                throw;
            }

            if (channel is null)
            {
                slots.Release();
                return exec.Start(command);
            }

            var remaining = timeout - waited.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                Release(channel, healthy: true);
                throw NotRun(command, timeout, notUsable);
            }

            try
            {
                return new ChannelCommand(ComputeNode, resolved, timeout, remaining, channel, KillRemoteGroup, Release);
            }
            catch (ChannelNotUsableException failure)
            {
                // The command released the channel (and its slot): nothing was sent.
                notUsable = failure;
                Notify(notices, $"A command channel to {ComputeNode} could not take '{command.Program}' ({failure.Message}); it was not sent on it.");
            }
        }

        // No channel could take the command, so it never ran: its own ssh session (the exec path) may run it, within
        // what is left of its timeout.
        var rest = timeout - waited.Elapsed;
        if (rest <= TimeSpan.Zero)
        {
            throw NotRun(command, timeout, notUsable);
        }

        Notify(notices, $"'{command.Program}' on {ComputeNode} runs on an ssh session of its own (the exec path) instead: {ChannelAttempts} command channels failed.");
        return exec.Start(command with { Timeout = rest });
    }

    /// <summary>Closes every channel (their shells exit at end of input), then the exec transport and its ControlMaster.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        lock (idleGate)
        {
            foreach (var timer in idleTimers.Values)
            {
                timer.Dispose();
            }

            idleTimers.Clear();
            idle.Clear();
        }

        foreach (var channel in all.Keys)
        {
            channel.Dispose();
        }

        all.Clear();
        exec.Dispose();
    }

    private ShellChannel? TakeIdle()
    {
        while (true)
        {
            ShellChannel channel;
            lock (idleGate)
            {
                if (idle.Count == 0)
                {
                    return null;
                }

                // The most recently used: sequential commands keep to one channel, the others reach their idle timeout.
                channel = idle[^1];
                idle.RemoveAt(idle.Count - 1);
                if (idleTimers.Remove(channel, out var timer))
                {
                    timer.Dispose();
                }
            }

            if (channel.IsUsable)
            {
                return channel;
            }

            Drop(channel);
        }
    }

    /// <summary>Hands a channel to the idle list with a timer of its own: still idle when it fires, the channel is closed.</summary>
    private bool PutIdle(ShellChannel channel)
    {
        lock (idleGate)
        {
            if (Volatile.Read(ref disposed) != 0)
            {
                return false;
            }

            idle.Add(channel);
            Timer? timer = null;
            timer = new Timer(_ => CloseIfStillIdle(channel, timer!), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            idleTimers[channel] = timer;
            timer.Change(options.ChannelIdleTimeout, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>
    /// The idle timer of <paramref name="channel"/> fired. Only a channel still in the idle list with this very timer
    /// is closed, and it is taken out of the list under the same lock a command takes it with: a command that took the
    /// channel first owns it (and disposed this timer), so a close never races with a command being handed the channel.
    /// </summary>
    private void CloseIfStillIdle(ShellChannel channel, Timer timer)
    {
        lock (idleGate)
        {
            if (!idleTimers.TryGetValue(channel, out var current) || !ReferenceEquals(current, timer))
            {
                return;
            }

            idleTimers.Remove(channel);
            idle.Remove(channel);
        }

        timer.Dispose();
        Interlocked.Increment(ref closedIdle);
        Drop(channel);
    }

    private ShellChannel? OpenChannel(NativeCommand command, TimeSpan remaining)
    {
        // ssh -S falls back to a fresh login when the master is gone; a dead master must be an error instead
        // (and should it die after this look, ProxyCommand=false in ChannelArguments stops the fallback).
        if (!IsMasterProcessAlive() || !File.Exists(exec.ControlSocket))
        {
            throw new NativeCommandException(ErrorIds.ConnectionLost, ZoneErrorCategory.ConnectionError,
                $"The ssh connection to {ComputeNode} is gone (its ControlMaster ended); '{command.Program}' was not run.",
                ComputeNode, command.CommandLine, null, string.Empty,
                "Reconnect with Connect-ComputeNode, then run the command again.");
        }

        // The open may take what is left of the command's timeout, as the start of an exec session does: the CN's
        // login (sshd, the login shell and its rc files) is slow on a busy machine, and a slow channel is no failure.
        // (A fixed ConnectTimeout + 5 s here failed commands with most of their time left, issue 19.)
        // The ssh client the connection resolved at connect time: a PATH changed since then never picks another one.
        var (channel, tool) = ShellChannel.Open(exec.SshExecutablePath, ChannelArguments(), remaining, SshClientNotFound);
        if (tool == "none")
        {
            channel.Dispose();
            unavailableReason = $"{ComputeNode} has neither setpgrp nor setsid (so a command cannot get a process group of its own), " +
                "or no mktemp or mkfifo (so a command cannot get pipes of its own).";
            return null;
        }

        Interlocked.Increment(ref opened);
        all[channel] = true;
        if (Volatile.Read(ref disposed) != 0)
        {
            Drop(channel);
            throw new ObjectDisposedException(nameof(PersistentChannelTransport));
        }

        return channel;
    }

    /// <summary>
    /// A command session on the master, plus ProxyCommand=false: should the master die between the check and
    /// this start, ssh's fallback to a connection of its own fails instead of logging in again.
    /// </summary>
    private List<string> ChannelArguments()
    {
        var list = arguments.Command(ChannelProtocol.RemoteCommand).ToList();
        var separator = list.LastIndexOf("--");
        list.InsertRange(separator, ["-o", "ProxyCommand=false"]);
        return list;
    }

    private void Release(ShellChannel channel, bool healthy)
    {
        if (!healthy || !channel.IsUsable || !PutIdle(channel))
        {
            // Broken, or the transport was disposed meanwhile (Dispose may already have closed the others).
            Drop(channel);
        }

        try
        {
            slots.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Drop(ShellChannel channel)
    {
        all.TryRemove(channel, out _);
        channel.Dispose();
    }

    private void KillRemoteGroup(int group)
    {
        if (!IsMasterProcessAlive())
        {
            // Without the master, the kill would be a fresh login.
            return;
        }

        try
        {
            // The kill is housekeeping: the Ctrl+C that asked for it must not cancel it too (the stopper thread
            // inherits the ambient scope of the command it stops).
            using var housekeeping = CommandCancellation.Enter(CancellationToken.None);
            using var kill = exec.Start(SshRemoteCommand.Kill(group));
            kill.Complete();
        }
        catch (Exception error) when (error is ZoneDelegationException or OperationCanceledException or IOException)
        {
            // The connection may be why the command hangs; the channel is broken after the grace period regardless.
        }
    }

    /// <summary>The command's timeout passed before it could be sent: a timeout, and nothing ran.</summary>
    private NativeCommandException NotRun(NativeCommand command, TimeSpan timeout, ChannelNotUsableException? notUsable) =>
        notUsable is null
            ? new(ErrorIds.CommandTimedOut, ZoneErrorCategory.OperationTimeout,
                $"'{command.Program}' on {ComputeNode} waited {timeout.TotalSeconds:0.###} s for a free command channel and was not run.",
                ComputeNode, command.CommandLine, null, string.Empty,
                "Run fewer commands at once on this CN, or raise ChannelPoolSize.")
            : new(ErrorIds.CommandTimedOut, ZoneErrorCategory.OperationTimeout,
                $"'{command.Program}' on {ComputeNode} was not run: within its {timeout.TotalSeconds:0.###} s no command channel could be " +
                $"opened (the last attempt: {notUsable.Message}).",
                ComputeNode, command.CommandLine, null, notUsable.StandardError,
                "Check the load on this machine and on the CN; give the command a longer timeout (-CommandTimeoutSec), or connect with -Channel Exec.");

    private void Notify(Action<CommandNotice>? notices, string message) =>
        CommandNotices.Send(notices, new CommandNotice(CommandNoticeLevel.Verbose, ComputeNode, message));

    /// <summary>What the channel pool (this connection's cache of remote shells) decided, as a debug line.</summary>
    private void Tell(Action<CommandNotice>? notices, string message) =>
        CommandNotices.Send(notices, new CommandNotice(CommandNoticeLevel.Debug, ComputeNode, message));

    /// <summary>A cheap look at the master (no ssh -O check round trip): is its process still there?</summary>
    private bool IsMasterProcessAlive()
    {
        if (exec.MasterProcessId is not { } pid)
        {
            return false;
        }

        try
        {
            using var master = System.Diagnostics.Process.GetProcessById(pid);
            return !master.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private NativeCommandException SshClientNotFound(Win32Exception error) =>
        new(ErrorIds.SshClientNotFound, ZoneErrorCategory.NotInstalled,
            $"The ssh client '{options.SshExecutable}' could not be started: {error.Message}",
            ComputeNode, options.SshExecutable, null, string.Empty,
            "Install the OpenSSH client (ssh) and make sure it is on PATH.");
}

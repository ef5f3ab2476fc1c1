using System.ComponentModel;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Transport.Channel;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>
/// Issue 16 item 3: a process (the exec path) and a persistent channel end a command the same way, because both
/// use one <see cref="CommandLifetime"/>. Each case runs on both carriers and compares what the caller gets: the
/// exception's type, ErrorId, category and message, and for a stop the token it names; or the result.
/// The channel here is the real loop (<see cref="ChannelProtocol.RemoteCommand"/>) under a local /bin/sh instead of ssh.
/// </summary>
public sealed class CommandLifetimeTests : IDisposable
{
    private const string ComputeNode = "cn-lifetime";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
    private readonly List<ShellChannel> channels = [];

    public enum Carrier
    {
        Process,
        Channel,
    }

    [Fact]
    public void ATimeoutGivesTheSameErrorOnBothCarriers()
    {
        var command = new NativeCommand("sleep", "30") { Timeout = TimeSpan.FromMilliseconds(500) };
        var outcomes = Both(carrier => Outcome(() => Run(carrier, command, stop: null)));
        Assert.Equal(outcomes[0], outcomes[1]);
        Assert.StartsWith($"NativeCommandException {ErrorIds.CommandTimedOut} OperationTimeout", outcomes[0], StringComparison.Ordinal);
    }

    /// <summary>Before: the exec path's OperationCanceledException named no token, the channel's named the operation's.</summary>
    [Fact]
    public void AStopGivesTheSameErrorOnBothCarriers()
    {
        var command = new NativeCommand("sleep", "30") { Timeout = Generous };
        var outcomes = Both(carrier =>
        {
            using var stop = new CancellationTokenSource();
            return Outcome(() => Run(carrier, command, stop, running =>
            {
                stop.Cancel();
                running.StandardOutput.ReadToEnd();
            }), stop.Token);
        });
        Assert.Equal(outcomes[0], outcomes[1]);
        Assert.Equal($"OperationCanceledException '{command.Program}' on {ComputeNode} was stopped. names the operation's stop", outcomes[0]);
    }

    /// <summary>
    /// Before: a stop that came once the command had ended (its caller slow to call Complete) failed the exec path's
    /// command (OperationCanceledException) while the channel gave its result.
    /// </summary>
    [Fact]
    public void AStopAfterTheCommandEndedLeavesItsResultOnBothCarriers()
    {
        var command = new NativeCommand("/bin/sh", "-c", "exec 2>&-; echo $$") { Timeout = Generous };
        var outcomes = Both(carrier => Outcome(() =>
        {
            using var stop = new CancellationTokenSource();
            return Run(carrier, command, stop, running =>
            {
                WaitUntilEnded(running);
                stop.Cancel();
            });
        }));
        Assert.Equal(outcomes[0], outcomes[1]);
        Assert.Equal("exit 0", outcomes[0]);
    }

    /// <summary>
    /// A write never rides a channel; on the exec path a stop after it ended is no abort either. Before: it was
    /// reported as CommandMayStillBeRunning ("was still running when the operation was stopped"), which was false.
    /// </summary>
    [Fact]
    public void AStopAfterAWriteEndedLeavesItsResult()
    {
        var command = NativeCommand.Write("/bin/sh", "-c", "exec 2>&-; echo $$") with { Timeout = Generous };
        using var stop = new CancellationTokenSource();
        var outcome = Outcome(() => Run(Carrier.Process, command, stop, running =>
        {
            WaitUntilEnded(running);
            stop.Cancel();
        }));
        Assert.Equal("exit 0", outcome);
    }

    [Fact]
    public void AConnectionLostUnderTheCommandGivesTheSameErrorOnBothCarriers()
    {
        // The command kills the shell that carries it: on the exec path the ssh session's shell (ssh then exits 255),
        // on the channel the loop. Either way no end of the command comes back.
        var command = new NativeCommand("/bin/sh", "-c", "kill -KILL $PPID") { Timeout = Generous };
        var outcomes = Both(carrier => Outcome(() => carrier == Carrier.Process ? RunOverSimulatedSsh(command) : Run(carrier, command, stop: null)));
        Assert.Equal(outcomes[0], outcomes[1]);
        Assert.StartsWith($"NativeCommandException {ErrorIds.ConnectionLost} ConnectionError The ssh connection to {ComputeNode} was lost while a command ran", outcomes[0], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }

    private static string[] Both(Func<Carrier, string> outcome) => [outcome(Carrier.Process), outcome(Carrier.Channel)];

    /// <summary>What the caller got, as one comparable line (stderr, which differs by carrier, is left out).</summary>
    private static string Outcome(Func<CommandResult> run, CancellationToken operation = default)
    {
        try
        {
            return $"exit {run().ExitCode}";
        }
        catch (NativeCommandException error)
        {
            return $"{nameof(NativeCommandException)} {error.ErrorId} {error.Category} {error.Message.Split(':')[0]}";
        }
        catch (OperationCanceledException stopped)
        {
            var token = stopped.CancellationToken == operation ? "names the operation's stop" : "names no stop";
            return $"{nameof(OperationCanceledException)} {stopped.Message} {token}";
        }
    }

    /// <summary>Starts <paramref name="command"/> on <paramref name="carrier"/> inside the operation <paramref name="stop"/>, then Complete.</summary>
    private CommandResult Run(Carrier carrier, NativeCommand command, CancellationTokenSource? stop, Action<IRunningCommand>? meanwhile = null)
    {
        using var scope = CommandCancellation.Enter(stop?.Token ?? CancellationToken.None);
        using IRunningCommand running = carrier == Carrier.Process
            ? ProcessCommand.Start(ComputeNode, command, command.Program, command.Arguments, null, command.Timeout!.Value,
                ProcessCommandHooks.Local, NotFound)
            : new ChannelCommand(ComputeNode, command, command.Timeout!.Value, command.Timeout.Value, OpenChannel(), KillGroup, (_, _) => { });
        meanwhile?.Invoke(running);
        return running.Complete();
    }

    /// <summary>The exec path's shape without sshd: a shell runs the command line ssh would send, and exits 255 as ssh does when the session dies.</summary>
    private static CommandResult RunOverSimulatedSsh(NativeCommand command)
    {
        var markers = CommandMarkers.New();
        using var running = ProcessCommand.Start(ComputeNode, command, "/bin/sh",
            ["-c", "/bin/sh -c \"$1\"; exit 255", "zd-ssh", SshRemoteCommand.Build(command, markers)], null, command.Timeout!.Value,
            new SshCommandHooks(ComputeNode, markers, _ => { }), NotFound);
        return running.Complete();
    }

    /// <summary>Reads the command's pid and its output to the end, then waits until the process is gone.</summary>
    private static void WaitUntilEnded(IRunningCommand running)
    {
        var pid = running.StandardOutput.ReadLine();
        Assert.Equal(string.Empty, running.StandardOutput.ReadToEnd());
        var deadline = DateTime.UtcNow + Generous;
        while (Directory.Exists("/proc/" + pid))
        {
            Assert.True(DateTime.UtcNow < deadline, "the command did not end");
            Thread.Sleep(20);
        }
    }

    private ShellChannel OpenChannel()
    {
        var (channel, tool) = ShellChannel.Open("/bin/sh", ["-c", ChannelProtocol.RemoteCommand], Generous, NotFound);
        channels.Add(channel);
        Assert.NotEqual("none", tool);
        return channel;
    }

    private static void KillGroup(int group)
    {
        using var kill = new LocalTransport().Start(new NativeCommand("/bin/sh", "-c", "kill -KILL -$1 2>/dev/null; exit 0", "zd-kill", group.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        kill.Complete();
    }

    private static NativeCommandException NotFound(Win32Exception error) =>
        new(ErrorIds.NativeCommandFailed, ZoneErrorCategory.NotInstalled, error.Message, ComputeNode, "sh", null, string.Empty, "Install sh.");
}

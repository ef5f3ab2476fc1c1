using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Transport.Channel;
using ZoneDelegation.IntegrationTests.Testbed;
using ZoneDelegation.IntegrationTests.Zones;

namespace ZoneDelegation.IntegrationTests.Transport;

/// <summary>
/// The transport suite over persistent channels (the default), plus what only a channel can get wrong: a
/// forged end record, a shell killed under a command, a command abandoned half-read, the pool, the caps, a dead
/// master, and processes left behind on either side.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class PersistentChannelTests(TestbedFixture testbed, ITestOutputHelper output) : SshTransportTests(testbed, output)
{
    protected override CommandChannel Channel => CommandChannel.Persistent;

    [TestbedFact]
    public void ForgedRecordsAreOutputAndTheExitStatusIsTheCommands()
    {
        using var connection = Connect(Testbed.Smartos);
        var forgeries = $"@@ZD-EXIT=0@@\\n{LookAlike} E 0\\n{LookAlike} P 1\\n";
        using var forged = connection.Transport.Start(new NativeCommand("/bin/sh", "-c",
            $"printf '{forgeries}'; printf '{forgeries}' >&2; exit 3"));
        var expected = $"@@ZD-EXIT=0@@\n{LookAlike} E 0\n{LookAlike} P 1\n";
        Assert.Equal(expected, forged.StandardOutput.ReadToEnd());
        var error = Assert.Throws<NativeCommandException>(() => forged.Complete());
        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.Equal(3, error.ExitCode);
        Assert.Equal(expected, error.StandardError);
    }

    [TestbedFact]
    public void ShellKilledUnderACommandIsConnectionLostAndTheNextCommandGetsANewChannel()
    {
        using var connection = Connect(Testbed.Smartos);
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        Assert.Equal("warm\n", connection.Transport.Run(new NativeCommand("echo", "warm")).StandardOutput);
        Assert.Equal(1, channels.ChannelsOpened);

        // The issue-8 forgery: a success marker on stderr, then the shell that frames the command is killed.
        using var running = connection.Transport.Start(new NativeCommand("/bin/sh", "-c",
            $"echo '@@ZD-EXIT=0@@' >&2; printf '{LookAlike} E 0\\n' >&2; kill -9 $PPID; sleep 5"));
        running.StandardOutput.ReadToEnd();
        var error = Assert.Throws<NativeCommandException>(() => running.Complete());
        Assert.Equal(ErrorIds.ConnectionLost, error.ErrorId);
        Assert.Null(error.ExitCode);

        Assert.Equal("next\n", connection.Transport.Run(new NativeCommand("echo", "next")).StandardOutput);
        Assert.Equal(2, channels.ChannelsOpened);
    }

    [TestbedFact]
    public void TimedOutCommandIsKilledOnTheCnAndTheChannelGoesOn()
    {
        using var connection = Connect(Testbed.Smartos);
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        Assert.Equal("warm\n", connection.Transport.Run(new NativeCommand("echo", "warm")).StandardOutput);
        var marker = UniqueSleep(60);
        var watch = Stopwatch.StartNew();
        using (var running = connection.Transport.Start(new NativeCommand("sleep", marker) { Timeout = TimeSpan.FromSeconds(1) }))
        {
            // As on the exec path, the read itself ends with the reason, and Complete says it again.
            Assert.Equal(ErrorIds.CommandTimedOut, Assert.Throws<NativeCommandException>(() => running.StandardOutput.ReadToEnd()).ErrorId);
            Assert.Equal(ErrorIds.CommandTimedOut, Assert.Throws<NativeCommandException>(() => running.Complete()).ErrorId);
        }

        Output.WriteLine($"CommandTimedOut after {watch.Elapsed.TotalMilliseconds:0} ms (timeout 1000 ms)");

        // As on the exec path, the kill runs once the timeout is reported; the channel then comes back.
        WaitUntil(() => Pgrep($"sleep {marker}").Length == 0);
        WaitUntil(() => channels.IdleChannelCount == 1);
        Assert.Equal("after\n", connection.Transport.Run(new NativeCommand("echo", "after")).StandardOutput);
        Assert.Equal(1, channels.ChannelsOpened);
    }

    [TestbedFact]
    public void AbandonedCommandIsStoppedOnTheCnAndTheChannelReused()
    {
        using var connection = Connect(Testbed.Smartos);
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        var marker = UniqueSleep(60);
        using (var running = connection.Transport.Start(new NativeCommand("/bin/sh", "-c", $"yes line | head -n 100000; exec sleep {marker}")))
        {
            Assert.Equal("line", running.StandardOutput.ReadLine());
        }

        Assert.Empty(Pgrep($"sleep {marker}"));
        Assert.Equal("next\n", connection.Transport.Run(new NativeCommand("echo", "next")).StandardOutput);
        Assert.Equal(1, channels.ChannelsOpened);
    }

    /// <summary>Issue 18: a channel idle for ChannelIdleTimeout is closed (the master stays); the next command opens a new one.</summary>
    [TestbedFact]
    public void IdleChannelIsClosedAndTheNextCommandOpensANewOne()
    {
        var cn = Testbed.Smartos;
        using var connection = ComputeNodeConnector.Connect(cn.SshOptions() with { ChannelIdleTimeout = TimeSpan.FromSeconds(1) });
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        Assert.Equal("1\n", connection.Transport.Run(new NativeCommand("echo", "1")).StandardOutput);
        var first = Assert.Single(channels.ChannelProcessIds);

        WaitUntil(() => !IsRunning(first));
        Assert.Empty(channels.ChannelProcessIds);
        Assert.Equal(0, channels.IdleChannelCount);
        Assert.True(channels.Exec.IsConnected, "the ControlMaster stays when its channels close");

        Assert.Equal("2\n", connection.Transport.Run(new NativeCommand("echo", "2")).StandardOutput);
        Assert.Equal(2, channels.ChannelsOpened);
        Assert.NotEqual(first, Assert.Single(channels.ChannelProcessIds));
    }

    /// <summary>
    /// Issue 18: commands that run at once open several channels; commands one after another then keep to one channel
    /// (never closed under them: no new channel is opened) while the others reach their idle timeout and close.
    /// </summary>
    [TestbedFact]
    public void SequentialCommandsKeepToOneChannelAndTheOthersCloseWhenIdle()
    {
        var cn = Testbed.Smartos;
        using var connection = ComputeNodeConnector.Connect(cn.SshOptions() with { ChannelIdleTimeout = TimeSpan.FromSeconds(2) });
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        var burst = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(i => connection.Transport.Run(new NativeCommand("/bin/sh", "-c", $"sleep 2; echo {i}")).StandardOutput).ToList();
        Assert.Equal(4, burst.Count);
        var opened = channels.ChannelsOpened;
        Assert.True(opened >= 2, $"the burst ran on {opened} channel(s)");

        var sequential = 0;
        WaitUntil(() =>
        {
            Assert.Equal("s\n", connection.Transport.Run(new NativeCommand("echo", "s")).StandardOutput);
            sequential++;
            return channels.ChannelProcessIds.Count == 1;
        });
        Output.WriteLine($"{opened} channels after the burst; one left after {sequential} sequential commands");
        Assert.Equal(opened, channels.ChannelsOpened);
        Assert.Equal(opened - 1, channels.ChannelsClosedIdle);
    }

    [TestbedFact]
    public void ConcurrentCommandsShareAPoolOfChannelsOverOneLogin()
    {
        var cn = Testbed.Smartos;
        var loginsBefore = Logins(cn);
        using var connection = Connect(cn);
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        var outputs = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(8)
            .Select(i => connection.Transport.Run(new NativeCommand("/bin/sh", "-c", $"sleep 0.2; echo {i}")).StandardOutput)
            .ToList();
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"{i}\n").Order(), outputs.Order());
        Assert.InRange(channels.ChannelsOpened, 1, cn.SshOptions().ChannelPoolSize);
        Assert.Equal(1, Logins(cn) - loginsBefore);
    }

    [TestbedFact]
    public void StderrFloodIsOutputTooLargeAndTheNextCommandWorks()
    {
        using var connection = Connect(Testbed.Smartos);
        using (var running = connection.Transport.Start(new NativeCommand("/bin/sh", "-c", "head -c 20000000 /dev/zero >&2; sleep 30")))
        {
            Assert.Equal(ErrorIds.OutputTooLarge, Assert.Throws<NativeCommandException>(() => running.StandardOutput.ReadToEnd()).ErrorId);
            var error = Assert.Throws<NativeCommandException>(() => running.Complete());
            Assert.Equal(ErrorIds.OutputTooLarge, error.ErrorId);
            Assert.True(error.StandardError.Length <= 65 * 1024);
        }

        Assert.Equal("fine\n", connection.Transport.Run(new NativeCommand("echo", "fine")).StandardOutput);
    }

    [TestbedFact]
    public void DeadMasterIsConnectionLostAndNeverAFreshLogin()
    {
        var cn = Testbed.Smartos;
        using var connection = Connect(cn);
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        Assert.Equal("up\n", connection.Transport.Run(new NativeCommand("echo", "up")).StandardOutput);
        var loginsBefore = Logins(cn);

        using (var master = Process.GetProcessById(channels.Exec.MasterProcessId!.Value))
        {
            master.Kill();
            master.WaitForExit();
        }

        // The channel that was open dies with its master: the next command opens none and logs in nowhere.
        WaitUntil(() => channels.ChannelProcessIds.All(pid => !IsRunning(pid)));
        var error = Assert.Throws<NativeCommandException>(() => connection.Transport.Run(new NativeCommand("echo", "again")));
        Assert.Equal(ErrorIds.ConnectionLost, error.ErrorId);
        Thread.Sleep(200);
        Assert.Equal(loginsBefore, Logins(cn));
    }

    [TestbedFact]
    public void NoProcessIsLeftOnEitherSideAfterDisconnect()
    {
        var cn = Testbed.StartDedicated("left");
        try
        {
            int[] local;
            using (var connection = Connect(cn))
            {
                var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
                _ = Enumerable.Range(0, 4).AsParallel().Select(i =>
                    connection.Transport.Run(new NativeCommand("/bin/sh", "-c", $"sleep 0.3; echo {i}")).StandardOutput).ToList();
                local = [.. channels.ChannelProcessIds, channels.Exec.MasterProcessId!.Value];
                Assert.NotEmpty(SessionProcesses(cn));
            }

            WaitUntil(() => local.All(pid => !IsRunning(pid)));
            WaitUntil(() => SessionProcesses(cn).Length == 0);
        }
        finally
        {
            Testbed.Stop(cn);
        }
    }

    /// <summary>
    /// Issue 15 item 2: a CN where the remote kill cannot work (its <c>ps</c>, which the kill script needs, hangs, as
    /// on a CN whose zfs sits on a suspended pool). A timeout still ends the command at once, and so does Ctrl+C:
    /// neither waits for the CN to let go of the channel. The connection goes on with a new channel.
    /// </summary>
    [TestbedFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TimeoutAndStopEndTheCommandAtOnceWhenTheRemoteKillCannotWork()
    {
        var cn = Testbed.StartDedicated("nokill");
        var hungPs = UniqueSleep(90);
        var commands = new[] { UniqueSleep(40), UniqueSleep(40) };
        try
        {
            var ps = Path.Combine(cn.Directory, "bin", "ps");

            // The CN's ps is a symlink to the ps stand-in (issue 17): remove the link, never write through it.
            File.Delete(ps);
            File.WriteAllText(ps, $"#!/bin/sh\nexec sleep {hungPs}\n");
            File.SetUnixFileMode(ps, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var connection = Connect(cn);
            Assert.Equal("warm\n", connection.Transport.Run(new NativeCommand("echo", "warm")).StandardOutput);

            var timedOut = Stopwatch.StartNew();
            using (var running = connection.Transport.Start(new NativeCommand("sleep", commands[0]) { Timeout = TimeSpan.FromSeconds(2) }))
            {
                Assert.Equal(ErrorIds.CommandTimedOut, Assert.Throws<NativeCommandException>(() => running.StandardOutput.ReadToEnd()).ErrorId);
                Assert.Equal(ErrorIds.CommandTimedOut, Assert.Throws<NativeCommandException>(() => running.Complete()).ErrorId);
            }

            timedOut.Stop();
            Output.WriteLine($"timeout 2 s, kill hung: CommandTimedOut and disposed after {timedOut.Elapsed.TotalMilliseconds:0} ms");

            using var stop = new CancellationTokenSource();
            var stopped = new Stopwatch();
            using (CommandCancellation.Enter(stop.Token))
            {
                using var running = connection.Transport.Start(new NativeCommand("sleep", commands[1]));
                WaitUntil(() => Pgrep($"sleep {commands[1]}").Length > 0);
                stopped.Start();
                stop.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => running.StandardOutput.ReadToEnd());
            }

            stopped.Stop();
            Output.WriteLine($"Ctrl+C, kill hung: stopped and disposed after {stopped.Elapsed.TotalMilliseconds:0} ms");

            // The exec path reports at the deadline too (about 2.2 s here); the margin is for a loaded machine.
            Assert.True(timedOut.Elapsed < TimeSpan.FromSeconds(8), $"the timeout took {timedOut.Elapsed}");
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(6), $"the stop took {stopped.Elapsed}");
            Assert.Equal("after\n", connection.Transport.Run(new NativeCommand("echo", "after")).StandardOutput);
        }
        finally
        {
            KillLeftovers(hungPs, commands[0], commands[1]);
            Testbed.Stop(cn);
        }
    }

    /// <summary>
    /// Issue 15 item 4: a child that leaves its process group (setsid) and writes into the channel shell's own
    /// stdout and stderr (through /proc: a command's children only ever get the command's own pipes) after its
    /// command ended. What it wrote reaches the next command's channel before that command's start records: dropped
    /// (never output or stderr), a warning says so, and the channel is not used again.
    /// </summary>
    [TestbedFact]
    public void OutputOfAProcessLeftBehindIsDroppedWithAWarningAndTheChannelReplaced()
    {
        using var connection = Connect(Testbed.Smartos);
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        var notices = new ConcurrentQueue<CommandNotice>();
        using var scope = CommandNotices.Enter(notices.Enqueue);
        var go = Path.Combine(Path.GetTempPath(), "zd-stray-" + Guid.NewGuid().ToString("N"));
        var detached = go + ".detached";
        var done = go + ".done";
        try
        {
            // The orphan leaves the group (the command waits until it has: the loop kills the group when the command
            // ends), writes once the test says so, after its command has ended, then says it has written.
            var orphan = $"touch {detached}; while [ ! -e {go} ]; do sleep 0.05; done; " +
                $"echo INJECTED >/proc/$0/fd/1; echo INJECTED-ERR >/proc/$0/fd/2; touch {done}";
            var (first, _) = connection.Transport.Run(new NativeCommand("/bin/sh", "-c",
                $"setsid /bin/sh -c '{orphan}' $PPID & while [ ! -e {detached} ]; do sleep 0.05; done; echo first"));
            Assert.Equal("first\n", first);
            File.WriteAllText(go, string.Empty);
            WaitUntil(() => File.Exists(done));

            var (second, result) = connection.Transport.Run(new NativeCommand("/bin/sh", "-c", "echo second; echo second-err >&2"));
            Assert.Equal("second\n", second);
            Assert.Equal("second-err\n", result.StandardError);
            var warning = Assert.Single(notices, notice => notice.Level == CommandNoticeLevel.Warning);
            Assert.Contains("left behind", warning.Message, StringComparison.Ordinal);
            Assert.Equal(connection.Transport.ComputeNode, warning.ComputeNode);

            Assert.Equal("third\n", connection.Transport.Run(new NativeCommand("echo", "third")).StandardOutput);
            Assert.Equal(2, channels.ChannelsOpened);
        }
        finally
        {
            File.Delete(go);
            File.Delete(detached);
            File.Delete(done);
        }
    }

    /// <summary>
    /// Issue 15 item 4, after the start record: command A leaves a child outside its process group that writes a
    /// second later, while command B runs. Each command's output travels through pipes of its own, so the child
    /// writes into A's pipe, which nobody reads once B started: B's output is exactly its own.
    /// </summary>
    [TestbedFact]
    public void OutputOfAProcessLeftBehindNeverReachesTheNextCommandsOutput()
    {
        using var connection = Connect(Testbed.Smartos);
        var (first, _) = connection.Transport.Run(new NativeCommand("/bin/sh", "-c",
            "setsid sh -c 'sleep 1; echo INJECTED; echo INJECTED-ERR >&2' & echo first"));
        Assert.Equal("first\n", first);

        var (second, result) = connection.Transport.Run(new NativeCommand("/bin/sh", "-c", "sleep 2; echo second; echo second-err >&2"));
        Assert.Equal("second\n", second);
        Assert.Equal("second-err\n", result.StandardError);
        Assert.Equal("third\n", connection.Transport.Run(new NativeCommand("echo", "third")).StandardOutput);
    }

    /// <summary>
    /// Issue 19: a command whose channel cannot be opened was never sent, so it takes another channel, then the
    /// exec path, and says so on the verbose stream. The channels are refused by an ssh client wrapper that fails
    /// as many channel opens (command sessions running the loop) as it is told to.
    /// </summary>
    [TestbedTheory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ACommandWhoseChannelCannotOpenTakesAnotherChannelThenTheExecPath(int refusals, int channelsOpened)
    {
        using var wrapper = new SshWrapper(count =>
            $"n=$(( $(cat {count} 2>/dev/null || echo 0) + 1 )); echo $n > {count}\n" +
            $"if [ $n -le {refusals} ]; then echo 'zd-test: this channel is refused' >&2; exit 255; fi");
        var notices = new ConcurrentQueue<CommandNotice>();
        using var scope = CommandNotices.Enter(notices.Enqueue);
        using var connection = ComputeNodeConnector.Connect(Testbed.Smartos.SshOptions() with { SshExecutable = wrapper.Path, Channel = CommandChannel.Persistent });
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);

        Assert.Equal("ran\n", connection.Transport.Run(new NativeCommand("echo", "ran")).StandardOutput);
        Assert.Equal(channelsOpened, channels.ChannelsOpened);
        var said = notices.Select(notice => notice.Message).ToList();
        // The fallback is told on the verbose stream, never as a warning (beside each command's end and the channel pool's debug lines).
        Assert.DoesNotContain(notices, notice => notice.Level == CommandNoticeLevel.Warning);
        Assert.Equal(Math.Min(refusals, 2), said.Count(message => message.Contains("could not be opened", StringComparison.Ordinal)
            && message.Contains("this channel is refused", StringComparison.Ordinal)));
        Assert.Equal(channelsOpened == 0 ? 1 : 0, said.Count(message => message.Contains("exec path", StringComparison.Ordinal)));
        foreach (var message in said)
        {
            Output.WriteLine(message);
        }
    }

    /// <summary>
    /// Issue 19's cause on our side: a channel whose login is slow (rc files on a busy CN) is no failure while the
    /// command has time left. The wrapper holds every channel open 7 s, past ConnectTimeout (1 s) + 5 s, which
    /// was the open's own limit; the command's timeout is 60 s.
    /// </summary>
    [TestbedFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ASlowChannelOpenIsNoFailureWhileTheCommandHasTime()
    {
        using var wrapper = new SshWrapper(_ => "sleep 7");
        var options = Testbed.Smartos.SshOptions() with { SshExecutable = wrapper.Path, Channel = CommandChannel.Persistent, ConnectTimeout = TimeSpan.FromSeconds(1) };
        using var connection = ComputeNodeConnector.Connect(options);
        var channels = Assert.IsType<PersistentChannelTransport>(connection.Transport);
        Assert.Equal("slow\n", connection.Transport.Run(new NativeCommand("echo", "slow") { Timeout = TimeSpan.FromSeconds(60) }).StandardOutput);
        Assert.Equal(1, channels.ChannelsOpened);
    }

    /// <summary>
    /// Issue 19: connecting a fleet from a busy machine. Twenty connections (eight at a time) each run four commands
    /// at once, so every connection opens four channels, while busy loops keep both cores saturated. Every command
    /// must come back right.
    /// </summary>
    [TestbedFact]
    public void ChannelsOpenUnderLoad()
    {
        var cn = Testbed.Smartos;
        var burners = Enumerable.Range(0, 2 * Environment.ProcessorCount)
            .Select(_ => Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]))!)
            .ToList();
        var watch = Stopwatch.StartNew();
        try
        {
            var results = FanOut.Run<int, string>(Enumerable.Range(0, 20), throttleLimit: 8, (i, _) =>
            {
                using var connection = ComputeNodeConnector.Connect(cn.SshOptions() with { Name = $"cn{i:00}", Channel = CommandChannel.Persistent });
                return Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
                    .Select(j => connection.Transport.Run(new NativeCommand("echo", $"cn{i:00}-{j}")).StandardOutput.Trim())
                    .ToList();
            }).ToList();
            Output.WriteLine($"20 connections x 4 channels under load: {watch.Elapsed.TotalMilliseconds:0} ms");
            Assert.All(results, result => Assert.False(result.IsError, result.Error?.ToString()));
            Assert.Equal(
                Enumerable.Range(0, 20).SelectMany(i => Enumerable.Range(0, 4).Select(j => $"cn{i:00}-{j}")).Order(),
                results.Select(result => result.Output).Order());
        }
        finally
        {
            foreach (var burner in burners)
            {
                burner.Kill();
                burner.WaitForExit();
                burner.Dispose();
            }
        }
    }

    /// <summary>An ssh client that runs <c>channelOpen</c> (given a counter file) before a channel's ssh session, then the real ssh.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private sealed class SshWrapper : IDisposable
    {
        private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("zd-ssh-wrapper-");

        public SshWrapper(Func<string, string> channelOpen)
        {
            Path = System.IO.Path.Combine(folder.FullName, "ssh");
            var count = System.IO.Path.Combine(folder.FullName, "channel-opens");
            File.WriteAllText(Path,
                "#!/bin/sh\n" +
                "for a in \"$@\"; do case $a in *zd-channel*)\n" +
                channelOpen(count) + "\n" +
                ";; esac; done\n" +
                "exec /usr/bin/ssh \"$@\"\n");
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public string Path { get; }

        public void Dispose() => folder.Delete(recursive: true);
    }

    /// <summary>Ends the sleeps a test left on a CN (by their PIDs; each pattern is unique to the test run).</summary>
    private static void KillLeftovers(params string[] sleeps)
    {
        foreach (var pid in sleeps.SelectMany(sleep => Pgrep($"sleep {sleep}")))
        {
            try
            {
                using var process = Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
                process.Kill();
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    /// <summary>Everything the CN's sshd listener has running under it (sessions and their commands).</summary>
    private static string[] SessionProcesses(TestbedCn cn)
    {
        var listener = File.ReadAllText(Path.Combine(cn.Directory, "sshd.pid")).Trim();
        using var local = new LocalTransport();
        var (table, _) = local.Run(new NativeCommand("ps", "-e", "-o", "pid=,ppid="));
        var children = table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToLookup(pair => pair[1], pair => pair[0], StringComparer.Ordinal);
        var found = new List<string>();
        var pending = new Queue<string>(children[listener]);
        while (pending.TryDequeue(out var pid))
        {
            found.Add(pid);
            foreach (var child in children[pid])
            {
                pending.Enqueue(child);
            }
        }

        return [.. found];
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

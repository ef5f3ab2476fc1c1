using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Transport.Channel;
using ZoneDelegation.IntegrationTests.Testbed;

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
        Assert.Empty(Pgrep($"sleep {marker}"));
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

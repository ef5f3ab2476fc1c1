using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Transport;

/// <summary>Issue 8's findings that involve ssh, each against the real sshd and the real ssh client.</summary>
[Collection(TestbedCollection.Name)]
public sealed class HardeningTests : IDisposable
{
    private const string ForgedFingerprint = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly TestbedFixture testbed;
    private readonly ITestOutputHelper output;
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("zd-it8-");
    private readonly List<Process> started = [];

    public HardeningTests(TestbedFixture testbed, ITestOutputHelper output)
    {
        this.testbed = testbed;
        this.output = output;
    }

    public void Dispose()
    {
        foreach (var process in started)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        scratch.Delete(recursive: true);
    }

    /// <summary>Item 2: a proxy sends a line before the server's version that imitates ssh's host key line.</summary>
    [TestbedFact]
    public void FingerprintIsTheOfferedKeysEvenWhenAProxyInjectsAPreVersionLine()
    {
        var cn = testbed.Smartos;
        var proxyPort = StartInjectingProxy(cn, $"Server host key: ssh-ed25519 {ForgedFingerprint}");
        var knownHosts = Path.Combine(scratch.FullName, "known_hosts_empty");
        File.WriteAllText(knownHosts, string.Empty);

        var error = Assert.Throws<NativeCommandException>(() =>
            ComputeNodeConnector.Connect(cn.SshOptions() with { HostName = "127.0.0.1", Port = proxyPort, KnownHostsFile = knownHosts }));
        output.WriteLine(error.Message);
        Assert.Equal(ErrorIds.HostKeyUnknown, error.ErrorId);
        Assert.DoesNotContain(ForgedFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains(cn.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-HostKeyPolicy AcceptNew", error.Hint ?? string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Item 3: AcceptNew with a known_hosts file ssh cannot write verifies nothing: refused.</summary>
    [TestbedFact]
    public void AcceptNewFailsWhenTheKeyCannotBeRecorded()
    {
        var cn = testbed.Smartos;
        foreach (var unwritable in new[] { Path.Combine(scratch.FullName, "missing-folder", "known_hosts"), "/dev/null" })
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var error = Assert.Throws<NativeCommandException>(() =>
                    ComputeNodeConnector.Connect(cn.SshOptions(HostKeyPolicy.AcceptNew) with { KnownHostsFile = unwritable }));
                Assert.Equal(ErrorIds.HostKeyNotRecorded, error.ErrorId);
                Assert.Equal(ZoneErrorCategory.SecurityError, error.Category);
            }
        }

        // A writable file: the key is recorded, and the connection stands.
        var writable = Path.Combine(scratch.FullName, "known_hosts_new");
        using var connection = ComputeNodeConnector.Connect(cn.SshOptions(HostKeyPolicy.AcceptNew) with { KnownHostsFile = writable });
        Assert.Contains($"[{cn.Address}]:{cn.Port} ", File.ReadAllText(writable), StringComparison.Ordinal);
    }

    /// <summary>Item 4: a CN that writes 64 MiB on one line is stopped, over ssh as well.</summary>
    [TestbedFact]
    public void HugeRemoteOutputIsOutputTooLargeAndStopped()
    {
        using var connection = TestbedFixture.Connect(testbed.Smartos);
        var marker = UniqueSleep(60);
        var error = Assert.Throws<NativeCommandException>(() => connection.Transport.Run(
            new NativeCommand("/bin/sh", "-c", $"head -c 67108864 /dev/zero | tr '\\0' x; sleep {marker}")));
        Assert.Equal(ErrorIds.OutputTooLarge, error.ErrorId);
        WaitUntil(() => Pgrep($"sleep {marker}").Length == 0);
        Assert.Equal("ok\n", connection.Transport.Run(new NativeCommand("echo", "ok")).StandardOutput);
    }

    /// <summary>Item 5: Ctrl+C (the ambient stop) stops a remote read-only command, on the CN too.</summary>
    [TestbedFact]
    public void StopReachesARunningRemoteCommand()
    {
        using var connection = TestbedFixture.Connect(testbed.Smartos);
        var marker = UniqueSleep(60);
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        using (CommandCancellation.Enter(stop.Token))
        {
            using var running = connection.Transport.Start(new NativeCommand("sleep", marker));
            WaitUntil(() => Pgrep($"sleep {marker}").Length > 0);
            stop.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => running.StandardOutput.ReadToEnd());
        }

        output.WriteLine($"stopped after {watch.Elapsed.TotalMilliseconds:0} ms");
        WaitUntil(() => Pgrep($"sleep {marker}").Length == 0);
    }

    /// <summary>Item 6: a killed master is ConnectionLost; no command logs in again behind the operator's back.</summary>
    [TestbedFact]
    public void KilledMasterIsConnectionLostWithoutANewLogin()
    {
        var cn = testbed.Smartos;
        var registry = new ConnectionRegistry();
        var connection = TestbedFixture.Connect(cn);
        registry.Add(connection);
        // The default transport is the persistent channel; its ControlMaster is the exec transport's.
        var channel = Assert.IsType<ZoneDelegation.Core.Transport.Channel.PersistentChannelTransport>(connection.Transport);
        var transport = channel.Exec;
        Assert.Equal("1\n", connection.Transport.Run(new NativeCommand("echo", "1")).StandardOutput);
        var loginsBefore = Logins(cn);

        using (var master = Process.GetProcessById(transport.MasterProcessId!.Value))
        {
            master.Kill();
            master.WaitForExit();
        }

        var error = Assert.Throws<NativeCommandException>(() => connection.Transport.Run(new NativeCommand("echo", "2")));
        Assert.Equal(ErrorIds.ConnectionLost, error.ErrorId);
        Assert.False(connection.IsOpen);
        Assert.Equal(ErrorIds.ConnectionLost, Assert.Throws<ZoneDelegationException>(() => registry.Resolve(cn.Name)).ErrorId);
        Thread.Sleep(500);
        Assert.Equal(loginsBefore, Logins(cn));

        // The documented way back: connect again, which replaces the lost connection.
        registry.Add(TestbedFixture.Connect(cn));
        Assert.Equal("3\n", registry.Resolve(cn.Name).Transport.Run(new NativeCommand("echo", "3")).StandardOutput);
        registry.CloseAll();

        // No command starts after Disconnect.
        var closed = Assert.Throws<NativeCommandException>(() => connection.Transport.Start(new NativeCommand("true")));
        Assert.Equal(ErrorIds.ComputeNodeNotConnected, closed.ErrorId);
    }

    /// <summary>Item 7: a SIGKILLed host process takes its master with it; the socket no longer logs anyone in.</summary>
    [TestbedFact]
    public void MasterEndsWithAKilledHostProcess()
    {
        var cn = testbed.Smartos;
        var (host, held) = StartHoldingProcess(cn);
        Assert.True(ProcessExists(Pid(held, "master")));
        Assert.Equal("0\n", SshThroughSocket(held["socket"], cn).StandardOutput);

        host.Kill(); // SIGKILL: no handler of the host runs.
        host.WaitForExit();

        WaitUntil(() => !ProcessExists(Pid(held, "master")), TimeSpan.FromSeconds(15));
        WaitUntil(() => !File.Exists(held["socket"]), TimeSpan.FromSeconds(15));
        var after = SshThroughSocket(held["socket"], cn);
        Assert.NotEqual(0, after.ExitCode);
        Assert.DoesNotContain("0", after.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 18: one watchdog (one local process) watches every master of a process, not one per master; a SIGKILLed
    /// host still takes all its masters with it, and their socket folders.
    /// </summary>
    [TestbedFact]
    public void OneWatchdogEndsEveryMasterOfAKilledHostProcess()
    {
        const int connections = 3;
        var cn = testbed.Smartos;
        var (host, held) = StartHoldingProcess(cn, connections);
        var keys = Enumerable.Range(0, connections).Select(i => i == 0 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var masters = keys.Select(key => Pid(held, "master" + key)).ToList();
        var sockets = keys.Select(key => held["socket" + key]).ToList();
        Assert.Equal(connections, masters.Distinct().Count());
        Assert.All(masters, pid => Assert.True(ProcessExists(pid)));

        // Every connection names the same watchdog, and the host has that one shell and no other helper process
        // besides its masters (no per-master sh or cat).
        Assert.Single(keys.Select(key => Pid(held, "watchdog" + key)).Distinct());
        var children = Children(host.Id);
        output.WriteLine(string.Join(", ", children.Select(child => $"{child.Pid} {child.Name}")));
        Assert.Equal([Pid(held, "watchdog")], children.Where(child => child.Name != "ssh").Select(child => child.Pid));
        Assert.Equal(masters.Order(), children.Where(child => child.Name == "ssh").Select(child => child.Pid).Order());

        host.Kill(); // SIGKILL: no handler of the host runs.
        host.WaitForExit();

        WaitUntil(() => masters.All(pid => !ProcessExists(pid)), TimeSpan.FromSeconds(15));
        WaitUntil(() => sockets.All(socket => !Directory.Exists(Path.GetDirectoryName(socket))), TimeSpan.FromSeconds(15));
        WaitUntil(() => !ProcessExists(Pid(held, "watchdog")), TimeSpan.FromSeconds(15));
    }

    /// <summary>Item 7: when the watchdog could not act (stopped, then killed), the leftover master is ended by the cleanup run on import.</summary>
    [TestbedFact]
    public void LeftoverMasterOfADeadSessionIsCleanedUp()
    {
        var cn = testbed.Smartos;
        var (host, held) = StartHoldingProcess(cn);

        // A killed watchdog is replaced at once (a new one takes every registration): to leave a master orphaned,
        // the watchdog is stopped instead, so it cannot act when the host dies, then killed.
        var watchdog = Pid(held, "watchdog");
        Signal("STOP", watchdog);
        host.Kill();
        host.WaitForExit();
        Signal("KILL", watchdog);
        WaitUntil(() => !ProcessExists(watchdog));
        Assert.True(ProcessExists(Pid(held, "master")), "without its watchdog the orphaned master lives on (the case cleanup is for)");

        var removed = ControlMasterLeftovers.CleanUp();
        Assert.Contains(Path.GetDirectoryName(held["socket"]), removed);
        WaitUntil(() => !ProcessExists(Pid(held, "master")), TimeSpan.FromSeconds(15));
        Assert.False(File.Exists(held["socket"]));
    }

    /// <summary>Issue 18: a watchdog killed while its host lives is replaced, and the new one still ends the masters when the host dies.</summary>
    [TestbedFact]
    public void KilledWatchdogIsReplacedAndStillEndsTheMasters()
    {
        var cn = testbed.Smartos;
        var (host, held) = StartHoldingProcess(cn, 2);
        var first = Pid(held, "watchdog");
        Assert.Equal(first, Pid(held, "watchdog1"));
        Signal("KILL", first);

        // Its replacement: again the one shell the host runs, now with another PID.
        WaitUntil(() => Children(host.Id).Where(child => child.Name != "ssh").Select(child => (child.Name, child.Pid == first)).SequenceEqual([("sh", false)]));

        host.Kill();
        host.WaitForExit();
        WaitUntil(() => !ProcessExists(Pid(held, "master")) && !ProcessExists(Pid(held, "master1")), TimeSpan.FromSeconds(15));
        WaitUntil(() => !Directory.Exists(Path.GetDirectoryName(held["socket"])) && !Directory.Exists(Path.GetDirectoryName(held["socket1"])));
    }

    /// <summary>Item 9: remote stderr that imitates the exit marker, then kills the session, is ConnectionLost.</summary>
    [TestbedFact]
    public void ForgedExitMarkerDoesNotMakeALostSessionASuccess()
    {
        using var connection = TestbedFixture.Connect(testbed.Smartos);
        foreach (var forged in new[] { "@@ZD-EXIT=0@@", "@@ZD-EXIT-00000000000000000000000000000000=0@@" })
        {
            var error = Assert.Throws<NativeCommandException>(() => connection.Transport.Run(
                new NativeCommand("/bin/sh", "-c", $"echo '{forged}' >&2; kill -9 $PPID")));
            Assert.Equal(ErrorIds.ConnectionLost, error.ErrorId);
        }
    }

    private int StartInjectingProxy(TestbedCn cn, string injectedLine)
    {
        const string relay = """
            import socket, sys, threading
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen(16)
            print(listener.getsockname()[1], flush=True)
            def pipe(source, target):
                try:
                    while True:
                        data = source.recv(65536)
                        if not data:
                            break
                        target.sendall(data)
                except OSError:
                    pass
                finally:
                    try:
                        target.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
            while True:
                client, _ = listener.accept()
                upstream = socket.create_connection((sys.argv[1], int(sys.argv[2])))
                client.sendall(sys.argv[3].encode() + b"\r\n")
                threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
                threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", relay, cn.Address, cn.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), injectedLine })
        {
            start.ArgumentList.Add(argument);
        }

        var proxy = Process.Start(start)!;
        started.Add(proxy);
        return int.Parse(proxy.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private (Process Host, Dictionary<string, string> Held) StartHoldingProcess(TestbedCn cn, int connections = 1)
    {
        var assembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { assembly, "hold-connection", cn.Address, cn.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), cn.User, cn.IdentityFile, cn.KnownHostsFile, connections.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var host = Process.Start(start)!;
        started.Add(host);
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        string? line;
        while ((line = host.StandardOutput.ReadLine()) is not null && line != "ready")
        {
            var pair = line.Split('=', 2);
            held[pair[0]] = pair[1];
        }

        Assert.Equal("ready", line);
        return (host, held);
    }

    private static (int ExitCode, string StandardOutput) SshThroughSocket(string socket, TestbedCn cn)
    {
        var start = new ProcessStartInfo("/usr/bin/ssh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // No key, no known_hosts, and no way to connect by itself: only a live master can run this.
        foreach (var argument in new[] { "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "ProxyCommand=/bin/false", "-S", socket, "-p", cn.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), cn.Address, "id", "-u" })
        {
            start.ArgumentList.Add(argument);
        }

        using var ssh = Process.Start(start)!;
        var stdout = ssh.StandardOutput.ReadToEnd();
        ssh.StandardError.ReadToEnd();
        ssh.WaitForExit();
        return (ssh.ExitCode, stdout);
    }

    /// <summary>The direct children of a process, from /proc (pid, comm).</summary>
    private static List<(int Pid, string Name)> Children(int parent)
    {
        var children = new List<(int Pid, string Name)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent)
                {
                    children.Add((pid, File.ReadAllText(Path.Combine(directory, "comm")).Trim()));
                }
            }
            catch (IOException)
            {
            }
        }

        return children;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private static int Pid(Dictionary<string, string> held, string key) =>
        int.Parse(held[key], System.Globalization.CultureInfo.InvariantCulture);

    private static bool ProcessExists(int pid)
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

    private static int Logins(TestbedCn cn) =>
        File.Exists(cn.SshdLog) ? File.ReadLines(cn.SshdLog).Count(line => line.Contains("Accepted publickey", StringComparison.Ordinal)) : 0;

    private static string UniqueSleep(int seconds) => $"{seconds}.{Random.Shared.Next(100000, 999999)}";

    private static string[] Pgrep(string pattern)
    {
        using var local = new LocalTransport();
        var (found, _) = local.Run(new NativeCommand("pgrep", "-f", "^" + Regex.Escape(pattern) + "$") { SuccessExitCodes = [0, 1] });
        return found.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < (limit ?? TimeSpan.FromSeconds(20)), "condition not met in time");
            Thread.Sleep(50);
        }
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Transport.Channel;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Transport;

/// <summary>
/// Issue 2's "must be shown" list, against a real sshd and the real ssh client, run once per command channel
/// (<see cref="ExecChannelTests"/>, <see cref="PersistentChannelTests"/>): the same ErrorIds and the same bytes.
/// </summary>
public abstract class SshTransportTests : IDisposable
{
    private readonly TestbedFixture testbed;
    private readonly ITestOutputHelper output;
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("zd-it-");

    protected SshTransportTests(TestbedFixture testbed, ITestOutputHelper output)
    {
        this.testbed = testbed;
        this.output = output;
    }

    protected abstract CommandChannel Channel { get; }

    protected TestbedFixture Testbed => testbed;

    protected ITestOutputHelper Output => output;

    public void Dispose()
    {
        scratch.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A connection over this class's channel, as Connect-ComputeNode opens it.</summary>
    protected ComputeNodeConnection Connect(TestbedCn cn) => TestbedFixture.Connect(cn, channel: Channel);

    /// <summary>The exec transport of a connection: the connection's own, or the one under its channels.</summary>
    private protected static OpenSshTransport ExecOf(ComputeNodeConnection connection) => connection.Transport switch
    {
        OpenSshTransport exec => exec,
        PersistentChannelTransport persistent => persistent.Exec,
        var other => throw new InvalidOperationException($"Not an ssh transport: {other.GetType()}"),
    };

    [TestbedFact]
    public void CommandsRideOnOneMultiplexedConnection()
    {
        var cn = testbed.Smartos;
        var loginsBefore = Logins(cn);

        var connect = Stopwatch.StartNew();
        using var connection = Connect(cn);
        connect.Stop();
        Assert.Equal(Channel, connection.ChannelValue);
        var transport = ExecOf(connection);
        var masterPid = transport.MasterProcessId;

        var first = Stopwatch.StartNew();
        var (hostname, _) = connection.Transport.Run(new NativeCommand("sysinfo"));
        first.Stop();
        Assert.Contains($"\"Hostname\": \"{cn.Name}\"", hostname, StringComparison.Ordinal);

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 100; i++)
        {
            var watch = Stopwatch.StartNew();
            var (echoed, result) = connection.Transport.Run(new NativeCommand("echo", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            latencies.Add(watch.Elapsed);
            Assert.Equal($"{i}\n", echoed);
            Assert.Equal(0, result.ExitCode);
        }

        latencies.Sort();
        var median = (latencies[49] + latencies[50]) / 2;
        output.WriteLine($"connect (ControlMaster up): {connect.Elapsed.TotalMilliseconds:0.0} ms");
        output.WriteLine($"first command: {first.Elapsed.TotalMilliseconds:0.0} ms");
        output.WriteLine($"median of the next 100: {median.TotalMilliseconds:0.0} ms (min {latencies[0].TotalMilliseconds:0.0}, max {latencies[^1].TotalMilliseconds:0.0})");

        // Reuse: 101 commands, one login on the sshd, the same master alive throughout.
        Assert.Equal(1, Logins(cn) - loginsBefore);
        Assert.True(transport.IsMasterRunning());
        Assert.Equal(masterPid, transport.MasterProcessId);

        var socket = transport.ControlSocket;
        connection.Dispose();
        Assert.False(File.Exists(socket));
        Assert.False(Directory.Exists(Path.GetDirectoryName(socket)));
    }

    [TestbedFact]
    public void WrongHostKeyIsRefusedAndNothingRuns()
    {
        var cn = testbed.Smartos;
        var knownHosts = KnownHostsWithAnotherKey(cn);
        var proof = Path.Combine(scratch.FullName, "ran");
        var options = cn.SshOptions() with { KnownHostsFile = knownHosts, Channel = Channel };

        // The connection itself is refused...
        foreach (var policy in new[] { HostKeyPolicy.Strict, HostKeyPolicy.AcceptNew })
        {
            var error = Assert.Throws<NativeCommandException>(() => ComputeNodeConnector.Connect(options with { HostKeyPolicy = policy }));
            Assert.Equal(ErrorIds.HostKeyMismatch, error.ErrorId);
            Assert.Equal(ZoneErrorCategory.SecurityError, error.Category);
            Assert.Contains(cn.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        }

        // ...and a command is never sent without a master (ssh would connect by itself).
        using var transport = new OpenSshTransport(options);
        var refused = Assert.Throws<NativeCommandException>(() => transport.Start(new NativeCommand("touch", proof)));
        Assert.Equal(ErrorIds.ConnectionLost, refused.ErrorId);
        Assert.False(File.Exists(proof));
        Assert.DoesNotContain(cn.Address, File.ReadAllText(knownHosts).Replace(KnownHostsLinePrefix(cn), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [TestbedFact]
    public void UnknownHostIsRefusedUnderStrictAndAcceptNewRecordsIt()
    {
        var cn = testbed.Smartos;
        var knownHosts = Path.Combine(scratch.FullName, "known_hosts");
        File.WriteAllText(knownHosts, string.Empty);
        var options = cn.SshOptions() with { KnownHostsFile = knownHosts, Channel = Channel };

        var error = Assert.Throws<NativeCommandException>(() => ComputeNodeConnector.Connect(options));
        Assert.Equal(ErrorIds.HostKeyUnknown, error.ErrorId);
        Assert.Contains(cn.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, File.ReadAllText(knownHosts));
        output.WriteLine(error.Message);

        using (var accepted = ComputeNodeConnector.Connect(options with { HostKeyPolicy = HostKeyPolicy.AcceptNew }))
        {
            Assert.Equal("ok\n", accepted.Transport.Run(new NativeCommand("echo", "ok")).StandardOutput);
        }

        Assert.Contains(KnownHostsLinePrefix(cn), File.ReadAllText(knownHosts), StringComparison.Ordinal);

        using var strict = ComputeNodeConnector.Connect(options);
        var (_, result) = strict.Transport.Run(new NativeCommand("true"));
        Assert.DoesNotContain("Warning", result.StandardError, StringComparison.Ordinal);
    }

    [TestbedFact]
    public void RefusedClientKeyIsAuthenticationFailed()
    {
        var cn = testbed.Smartos;
        var error = Assert.Throws<NativeCommandException>(() => ComputeNodeConnector.Connect(cn.SshOptions() with { IdentityFile = NewClientKey(), Channel = Channel }));
        Assert.Equal(ErrorIds.AuthenticationFailed, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.AuthenticationError, error.Category);
    }

    [TestbedFact]
    public void ClosedPortIsComputeNodeUnreachable()
    {
        var cn = testbed.Smartos;
        var error = Assert.Throws<NativeCommandException>(() => ComputeNodeConnector.Connect(cn.SshOptions() with { Port = 1, Channel = Channel }));
        Assert.Equal(ErrorIds.ComputeNodeUnreachable, error.ErrorId);
    }

    [TestbedFact]
    public void KilledSshdDuringACommandIsConnectionLostWithoutAHang()
    {
        var cn = testbed.StartDedicated("lost");
        try
        {
            using var connection = Connect(cn);
            var marker = UniqueSleep(30);
            // The command's own timeout is far away: if the loss were not noticed, it would end as CommandTimedOut.
            using var running = connection.Transport.Start(new NativeCommand("sleep", marker) { Timeout = TimeSpan.FromSeconds(25) });
            WaitUntil(() => Pgrep($"sleep {marker}").Length > 0);

            var watch = Stopwatch.StartNew();
            TestbedScript.KillSshd(cn.Name);
            running.StandardOutput.ReadToEnd();
            var error = Assert.Throws<NativeCommandException>(() => running.Complete());
            output.WriteLine($"loss reported after {watch.Elapsed.TotalMilliseconds:0} ms: {error.Message}");
            Assert.Equal(ErrorIds.ConnectionLost, error.ErrorId);
            Assert.Null(error.ExitCode);
        }
        finally
        {
            testbed.Stop(cn);
        }
    }

    [TestbedFact]
    public void TimedOutRemoteCommandIsStoppedOnTheCn()
    {
        var cn = testbed.Smartos;
        using var connection = Connect(cn);
        var marker = UniqueSleep(60);
        var watch = Stopwatch.StartNew();
        using var running = connection.Transport.Start(new NativeCommand("sleep", marker) { Timeout = TimeSpan.FromSeconds(2) });
        var error = Assert.Throws<NativeCommandException>(() => running.StandardOutput.ReadToEnd());
        watch.Stop();
        output.WriteLine($"CommandTimedOut after {watch.Elapsed.TotalMilliseconds:0} ms (timeout 2000 ms)");
        Assert.Equal(ErrorIds.CommandTimedOut, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.OperationTimeout, error.Category);
        Assert.Equal($"LC_ALL=C 'sleep' '{marker}'", error.CommandLine);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the timeout must end the command, took {watch.Elapsed}");
        // The remote kill runs on its own thread once the timeout is reported.
        WaitUntil(() => Pgrep($"sleep {marker}").Length == 0);

        // The connection survives a timed-out command.
        Assert.Equal("still here\n", connection.Transport.Run(new NativeCommand("echo", "still here")).StandardOutput);
    }

    [TestbedFact]
    public void HostileArgumentsArriveByteForByteEachAsOneArgument()
    {
        string[] hostile =
        [
            "it's", "\"double\"", "$(touch /tmp/zd-pwned)", "`touch /tmp/zd-pwned`", "a; touch /tmp/zd-pwned", "a | cat",
            "a && b", "line1\nline2", "  two  spaces  ", "-n", "--help", "ünïcødé ✓ 雪", "$HOME", "*", "\\", "'", "", "\t", "#not a comment", "!x",
        ];
        using var connection = Connect(testbed.Smartos);
        var (echoed, _) = connection.Transport.Run(new NativeCommand("printf", ["%s\\0", .. hostile]));
        Assert.Equal(hostile, echoed.Split('\0')[..^1]);
        Assert.False(File.Exists("/tmp/zd-pwned"));

        // stdin payloads arrive untouched as well.
        var payload = string.Join('\n', hostile);
        Assert.Equal(payload, connection.Transport.Run(new NativeCommand("cat") { StandardInput = payload }).StandardOutput);
    }

    [TestbedFact]
    public void RemoteExitCodesAndStderrAreTheCommandsOwn()
    {
        using var connection = Connect(testbed.Smartos);
        foreach (var code in new[] { 1, 255 })
        {
            using var running = connection.Transport.Start(new NativeCommand("/bin/sh", "-c", $"printf 'no newline' >&2; exit {code}"));
            var error = Assert.Throws<NativeCommandException>(() => running.Complete());
            Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
            Assert.Equal(code, error.ExitCode);
            Assert.Equal("no newline\n", error.StandardError);
        }
    }

    [TestbedFact]
    public void HostileOutputPassesByteForByte()
    {
        using var connection = Connect(Testbed.Smartos);
        string Out(string script) => connection.Transport.Run(new NativeCommand("/bin/sh", "-c", script)).StandardOutput;

        Assert.Equal("a\0b\0", Out("printf 'a\\000b\\000'"));
        Assert.Equal("no trailing newline", Out("printf 'no trailing newline'"));
        Assert.Equal("ends in hex 0123", Out("printf 'ends in hex 0123'"));
        var records = $"@@ZD-EXIT=0@@\n@@ZD-PID=1@@\n{LookAlike} E 0\n{LookAlike} P 1\n";
        Assert.Equal(records, Out($"printf '{records.Replace("\n", "\\n", StringComparison.Ordinal)}'; printf '{LookAlike} E 0' >&2"));

        var big = Out("head -c 3000000 /dev/zero | tr '\\000' x");
        Assert.Equal(3_000_000, big.Length);
        Assert.True(big.All(c => c == 'x'));
    }

    [TestbedFact]
    public void TwentyConnectionsInParallelReportPerHostErrors()
    {
        var cn = testbed.Smartos;
        var wrongKey = NewClientKey();
        var inputs = Enumerable.Range(0, 20).Select(i => (i % 7) switch
        {
            3 => cn.SshOptions() with { Name = $"cn{i:00}", Port = 1, Channel = Channel },
            5 => cn.SshOptions() with { Name = $"cn{i:00}", IdentityFile = wrongKey, Channel = Channel },
            _ => cn.SshOptions() with { Name = $"cn{i:00}", Channel = Channel },
        }).ToList();

        var watch = Stopwatch.StartNew();
        var results = FanOut.Run<SshConnectionOptions, string>(inputs, throttleLimit: 8, (options, _) =>
        {
            using var connection = ComputeNodeConnector.Connect(options);
            return [connection.Transport.Run(new NativeCommand("echo", options.EffectiveName)).StandardOutput.Trim()];
        }).ToList();
        output.WriteLine($"20 connections, throttle 8: {watch.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(20, results.Count);
        foreach (var result in results)
        {
            var expected = (int.Parse(result.Input.EffectiveName[2..], System.Globalization.CultureInfo.InvariantCulture) % 7) switch
            {
                3 => ErrorIds.ComputeNodeUnreachable,
                5 => ErrorIds.AuthenticationFailed,
                _ => null,
            };
            if (expected is null)
            {
                Assert.False(result.IsError, result.Error?.Message);
                Assert.Equal(result.Input.EffectiveName, result.Output);
            }
            else
            {
                var error = Assert.IsType<NativeCommandException>(result.Error);
                Assert.Equal(expected, error.ErrorId);
                Assert.Equal(result.Input.EffectiveName, error.ComputeNode);
            }
        }
    }

    /// <summary>Looks like a channel record's marker, but is not the one of any command.</summary>
    protected const string LookAlike = "0123456789abcdef0123456789abcdef";

    protected static int Logins(TestbedCn cn) =>
        File.Exists(cn.SshdLog) ? File.ReadLines(cn.SshdLog).Count(line => line.Contains("Accepted publickey", StringComparison.Ordinal)) : 0;

    private static string KnownHostsLinePrefix(TestbedCn cn) => $"[{cn.Address}]:{cn.Port} ";

    private string KnownHostsWithAnotherKey(TestbedCn cn)
    {
        var otherKey = NewClientKey();
        var publicKey = string.Join(' ', File.ReadAllText(otherKey + ".pub").Split(' ').Take(2));
        var path = Path.Combine(scratch.FullName, "known_hosts_wrong");
        File.WriteAllText(path, KnownHostsLinePrefix(cn) + publicKey + "\n");
        return path;
    }

    protected string NewClientKey()
    {
        var path = Path.Combine(scratch.FullName, "key-" + Guid.NewGuid().ToString("N")[..8]);
        using var local = new LocalTransport();
        local.Run(new NativeCommand("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", path));
        return path;
    }

    protected static string UniqueSleep(int seconds) => $"{seconds}.{Random.Shared.Next(100000, 999999)}";

    protected static string[] Pgrep(string pattern)
    {
        using var local = new LocalTransport();
        var (found, _) = local.Run(new NativeCommand("pgrep", "-f", "^" + Regex.Escape(pattern) + "$") { SuccessExitCodes = [0, 1] });
        return found.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    protected static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            Thread.Sleep(20);
        }
    }
}

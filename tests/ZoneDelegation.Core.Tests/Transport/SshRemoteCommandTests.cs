using Xunit;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

public class SshRemoteCommandTests
{
    private static readonly CommandMarkers Markers = CommandMarkers.WithNonce("0123abcd");

    [Fact]
    public void EveryArgumentIsSingleQuotedAndLocaleIsC()
    {
        var remote = SshRemoteCommand.Build(new NativeCommand("zfs", "list", "-H", "a b", "it's", "$(rm -rf /)"), Markers);
        Assert.Contains("LC_ALL=C; export LC_ALL; 'zfs' 'list' '-H' 'a b' 'it'\\''s' '$(rm -rf /)';", remote, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkersWithTheNonceFrameTheCommand()
    {
        var remote = SshRemoteCommand.Build(new NativeCommand("true"), Markers);
        Assert.StartsWith("echo \"@@ZD-PID-0123abcd=$$@@\" >&2;", remote, StringComparison.Ordinal);
        Assert.EndsWith("zd_rc=$?; echo \"@@ZD-EXIT-0123abcd=$zd_rc@@\" >&2; exit $zd_rc", remote, StringComparison.Ordinal);
    }

    /// <summary>Issue 8 item 9: every command gets markers of its own, 128 random bits.</summary>
    [Fact]
    public void EveryCommandGetsANewRandomNonce()
    {
        var nonces = Enumerable.Range(0, 100).Select(_ => CommandMarkers.New().Nonce).ToHashSet();
        Assert.Equal(100, nonces.Count);
        Assert.All(nonces, nonce => Assert.Equal(32, nonce.Length));
    }

    /// <summary>The built string, run by a real POSIX shell, hands each argument over unchanged.</summary>
    [Fact]
    public void RealShellReceivesArgumentsByteForByte()
    {
        string[] hostile = ["a b", "it's", "\"dq\"", "$(id)", "`id`", "; echo pwned", "| cat", "line1\nline2", "-n", "ünï©ødé ✓", "", "*", "\\"];
        var remote = SshRemoteCommand.Build(new NativeCommand("printf", ["%s\\0", .. hostile]), Markers);
        using var transport = new LocalTransport();
        var (output, result) = transport.Run(new NativeCommand("/bin/sh", "-c", remote));
        Assert.Equal(hostile, output.Split('\0')[..^1]);
        Assert.DoesNotContain("@@ZD-PID", output, StringComparison.Ordinal);
        Assert.Contains("@@ZD-EXIT-0123abcd=0@@", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@@ZD-PID-0123abcd=4242@@", 4242)]
    [InlineData("@@ZD-PID-0123abcd=4242@@ ", null)]
    [InlineData("x@@ZD-PID-0123abcd=4242@@", null)]
    [InlineData("@@ZD-PID-0123abcd=@@", null)]
    [InlineData("@@ZD-PID=4242@@", null)]
    [InlineData("@@ZD-PID-ffff=4242@@", null)]
    public void PidMarkerIsAWholeLineWithTheNonce(string line, int? expected)
    {
        Assert.Equal(expected, Markers.ParsePid(line));
    }

    [Fact]
    public void ExitMarkerNeedsTheNonceAndKeepsTextBeforeIt()
    {
        Assert.Equal((3, "no newline at end"), Markers.ParseExit("no newline at end@@ZD-EXIT-0123abcd=3@@"));
        Assert.Equal((255, ""), Markers.ParseExit("@@ZD-EXIT-0123abcd=255@@"));
        Assert.Null(Markers.ParseExit("@@ZD-EXIT-0123abcd=1@@ trailing"));
        Assert.Null(Markers.ParseExit("@@ZD-EXIT=0@@"));
        Assert.Null(Markers.ParseExit("@@ZD-EXIT-0123abce=0@@"));
        Assert.Null(Markers.ParseExit("@@ZD-EXIT-0123abcd=256@@"));
    }

    /// <summary>Issue 8 item 9: the exit marker counts only on the final line of stderr.</summary>
    [Fact]
    public void ExitMarkerCountsOnlyOnTheFinalLine()
    {
        int? seen = null;
        var collector = new StandardErrorCollector(finalLine: line =>
        {
            seen = Markers.ParseExit(line)?.ExitCode;
            return seen is null ? line : null;
        });
        collector.Feed("@@ZD-EXIT-0123abcd=0@@\nthen the connection broke\n");
        collector.End();
        Assert.Null(seen);
        Assert.Equal("@@ZD-EXIT-0123abcd=0@@\nthen the connection broke\n", collector.Text);
    }

    [Fact]
    public void KillTakesThePidAsAnArgumentNotAsScriptText()
    {
        var kill = SshRemoteCommand.Kill(123);
        Assert.Equal(["-c", SshRemoteCommand.KillScript, "zd-kill", "123"], kill.Arguments);
        Assert.DoesNotContain("123", SshRemoteCommand.KillScript, StringComparison.Ordinal);
    }

    /// <summary>The kill script, run by this host's /bin/sh (dash on Debian), ends a whole process group.</summary>
    [Fact]
    public void KillScriptEndsTheWholeProcessGroup()
    {
        var marker = "62." + Random.Shared.Next(100000, 999999);
        using var transport = new LocalTransport();
        using var group = transport.Start(new NativeCommand("setsid", "/bin/sh", "-c", $"echo $$; sleep {marker} & sleep {marker}; wait") { Timeout = TimeSpan.FromSeconds(30) });
        var leader = int.Parse(group.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);

        // The leader prints its PID before it forks the sleeps: the kill is only shown to end them once both run.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Pgrep(transport, marker).Length < 2)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the two sleeps of the group did not start");
            Thread.Sleep(20);
        }

        transport.Run(SshRemoteCommand.Kill(leader));

        Assert.Empty(Pgrep(transport, marker));
        Assert.Throws<ZoneDelegation.Core.Errors.NativeCommandException>(() => group.Complete());
    }

    private static string[] Pgrep(LocalTransport transport, string marker) =>
        transport.Run(new NativeCommand("pgrep", "-f", "^sleep " + marker.Replace(".", "\\.", StringComparison.Ordinal) + "$") { SuccessExitCodes = [0, 1] })
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

using Xunit;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

public class SshRemoteCommandTests
{
    [Fact]
    public void EveryArgumentIsSingleQuotedAndLocaleIsC()
    {
        var remote = SshRemoteCommand.Build(new NativeCommand("zfs", "list", "-H", "a b", "it's", "$(rm -rf /)"));
        Assert.Contains("LC_ALL=C; export LC_ALL; 'zfs' 'list' '-H' 'a b' 'it'\\''s' '$(rm -rf /)';", remote, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkersFrameTheCommand()
    {
        var remote = SshRemoteCommand.Build(new NativeCommand("true"));
        Assert.StartsWith("echo \"@@ZD-PID=$$@@\" >&2;", remote, StringComparison.Ordinal);
        Assert.EndsWith("zd_rc=$?; echo \"@@ZD-EXIT=$zd_rc@@\" >&2; exit $zd_rc", remote, StringComparison.Ordinal);
    }

    /// <summary>The built string, run by a real POSIX shell, hands each argument over unchanged.</summary>
    [Fact]
    public void RealShellReceivesArgumentsByteForByte()
    {
        string[] hostile = ["a b", "it's", "\"dq\"", "$(id)", "`id`", "; echo pwned", "| cat", "line1\nline2", "-n", "ünï©ødé ✓", "", "*", "\\"];
        var remote = SshRemoteCommand.Build(new NativeCommand("printf", ["%s\\0", .. hostile]));
        using var transport = new LocalTransport();
        var (output, result) = transport.Run(new NativeCommand("/bin/sh", "-c", remote));
        Assert.Equal(hostile, output.Split('\0')[..^1]);
        Assert.DoesNotContain("@@ZD-PID", output, StringComparison.Ordinal);
        Assert.Contains("@@ZD-EXIT=0@@", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@@ZD-PID=4242@@", 4242)]
    [InlineData("@@ZD-PID=4242@@ ", null)]
    [InlineData("x@@ZD-PID=4242@@", null)]
    [InlineData("@@ZD-PID=@@", null)]
    public void PidMarkerIsAWholeLine(string line, int? expected)
    {
        Assert.Equal(expected, SshRemoteCommand.ParsePidMarker(line));
    }

    [Fact]
    public void ExitMarkerKeepsTextBeforeIt()
    {
        Assert.Equal((3, "no newline at end"), SshRemoteCommand.ParseExitMarker("no newline at end@@ZD-EXIT=3@@"));
        Assert.Equal((255, ""), SshRemoteCommand.ParseExitMarker("@@ZD-EXIT=255@@"));
        Assert.Null(SshRemoteCommand.ParseExitMarker("@@ZD-EXIT=1@@ trailing"));
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
        Assert.NotEmpty(Pgrep(transport, marker));

        transport.Run(SshRemoteCommand.Kill(leader));

        Assert.Empty(Pgrep(transport, marker));
        Assert.Throws<ZoneDelegation.Core.Errors.NativeCommandException>(() => group.Complete());
    }

    private static string[] Pgrep(LocalTransport transport, string marker) =>
        transport.Run(new NativeCommand("pgrep", "-f", "^sleep " + marker.Replace(".", "\\.", StringComparison.Ordinal) + "$") { SuccessExitCodes = [0, 1] })
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

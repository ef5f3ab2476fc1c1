using System.Diagnostics;
using System.Text;
using Xunit;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Transport.Channel;

namespace ZoneDelegation.Core.Tests.Transport.Channel;

public class ChannelProtocolTests
{
    [Fact]
    public void AChannelRefusesAWriteAndAStdinPayloadWhateverCodePathHandsThemToIt()
    {
        // A channel is killed on a timeout or Ctrl+C: a write riding one would be killed mid-way (issue 15 item 3).
        var write = Assert.Throws<ArgumentException>(() => ChannelProtocol.RunLine(NativeCommand.Write("zfs", "rollback", "-r", "zones/z@a"), "m"));
        Assert.Contains("changes the compute node", write.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ChannelProtocol.RunLine(new NativeCommand("vmadm", "validate") { StandardInput = "{}" }, "m"));
    }

    [Fact]
    public void MarkersAreFreshRandomHex()
    {
        var markers = Enumerable.Range(0, 100).Select(_ => ChannelProtocol.NewMarker()).ToList();
        Assert.All(markers, m => Assert.Matches("^[0-9a-f]{32}$", m));
        Assert.Equal(100, markers.Distinct().Count());
    }

    [Fact]
    public void ACommandIsOneLineWhateverItsArguments()
    {
        var line = ChannelProtocol.RunLine(new NativeCommand("printf", "%s", "line1\nline2", "it's"), "m");
        Assert.Equal("zd_run m 'printf' '%s' 'line1'\"$zd_nl\"'line2' 'it'\\''s'\n", line);
        Assert.Throws<ArgumentException>(() => ChannelProtocol.RunLine(new NativeCommand("echo", "nul\0"), "m"));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("255", 255)]
    [InlineData("143", 143)]
    [InlineData("271", 143)] // ksh93: killed by SIGTERM is 256+15; bash says 128+15
    [InlineData("265", 137)]
    [InlineData("-1", null)]
    [InlineData("99999", null)]
    [InlineData("1a", null)]
    public void ExitStatusReadsAsTheExecPathReportsIt(string value, int? expected) =>
        Assert.Equal(expected, ChannelProtocol.ParseExitStatus(value));

    /// <summary>The remote loop itself, run by this machine's /bin/sh: hostile arguments and output, one command after another.</summary>
    [Fact]
    public void TheLoopRunsCommandsOneAfterAnotherAndFramesThem()
    {
        string[] hostile = ["a b", "it's", "\"dq\"", "$(id)", "`id`", "; echo pwned", "line1\nline2", "-n", "ünï©ødé ✓", "", "*", "\\"];
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", ChannelProtocol.RemoteScript, "zd-channel"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        })!;
        var stdout = new FramedReader(shell.StandardOutput.BaseStream);

        void Send(string line)
        {
            shell.StandardInput.BaseStream.Write(Encoding.UTF8.GetBytes(line));
            shell.StandardInput.BaseStream.Flush();
        }

        (string, (char, string)?) Read(string marker)
        {
            var bytes = new MemoryStream();
            var buffer = new byte[4096];
            int count;
            (char Kind, string Value)? record;
            while ((count = stdout.Read(buffer, Encoding.ASCII.GetBytes(marker), out record)) > 0)
            {
                bytes.Write(buffer, 0, count);
            }

            return (Encoding.UTF8.GetString(bytes.ToArray()), record);
        }

        // A command's stdout opens with its start record (nothing before it), then its bytes, then its end record.
        (string, (char, string)?) ReadCommand(string marker)
        {
            Assert.Equal((string.Empty, ('S', "start")), Read(marker));
            return Read(marker);
        }

        var hello = ChannelProtocol.NewMarker();
        Send(ChannelProtocol.HelloLine(hello));
        var (_, helloRecord) = Read(hello);
        Assert.Equal('H', helloRecord!.Value.Item1);
        Assert.Contains(helloRecord.Value.Item2, new[] { "setsid", "setpgrp" });

        var first = ChannelProtocol.NewMarker();
        Send(ChannelProtocol.RunLine(new NativeCommand("printf", ["%s\\0", .. hostile]), first));
        var (output, record) = ReadCommand(first);
        Assert.Equal(hostile, output.Split('\0')[..^1]);
        Assert.Equal(('E', "0"), record);

        // Its own process group: the command's PGID is its PID.
        var second = ChannelProtocol.NewMarker();
        Send(ChannelProtocol.RunLine(new NativeCommand("/bin/sh", "-c", "ps -o pgid= -p $$ | tr -d ' '; echo $$; exit 7"), second));
        (output, record) = ReadCommand(second);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[1], lines[0]);
        Assert.Equal(('E', "7"), record);

        var third = ChannelProtocol.NewMarker();
        Send(ChannelProtocol.RunLine(new NativeCommand("no-such-program-zd"), third));
        Assert.Equal(('E', "127"), ReadCommand(third).Item2);

        shell.StandardInput.Close();
        Assert.True(shell.WaitForExit(TimeSpan.FromSeconds(10)));
    }
}

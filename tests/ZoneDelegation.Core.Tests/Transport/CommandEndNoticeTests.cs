using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>
/// Issue 17 item 4: every command that ends is told to the operation's notice sink once, as the verbose line
/// <c>cn: &lt;the -WhatIf command line&gt; (outcome, N ms)</c>; a stdin payload is counted, never printed;
/// housekeeping is not told.
/// </summary>
public sealed class CommandEndNoticeTests
{
    [Fact]
    public void A_command_that_ran_is_told_once_with_its_WhatIf_line_exit_and_duration()
    {
        var told = Capture(transport => transport.Run(new NativeCommand("printf", "%s", "one two")));

        var notice = Assert.Single(told);
        Assert.Equal(CommandNoticeLevel.Verbose, notice.Level);
        Assert.Equal(new NativeCommand("printf", "%s", "one two").CommandLine, notice.Command!.CommandLine);
        Assert.Equal("exit 0", notice.Command.Outcome);
        Assert.Matches(EndLine("here", "LC_ALL=C 'printf' '%s' 'one two'", "exit 0"), notice.Text);
    }

    [Fact]
    public void A_failing_command_is_told_with_its_exit_code_before_its_error()
    {
        var told = Capture(transport =>
            Assert.Throws<NativeCommandException>(() => transport.Run(new NativeCommand("/bin/sh", "-c", "exit 3"))));

        var notice = Assert.Single(told);
        Assert.Matches(EndLine("here", "LC_ALL=C '/bin/sh' '-c' 'exit 3'", "exit 3"), notice.Text);
    }

    [Fact]
    public void A_stdin_payload_is_counted_never_printed()
    {
        const string payload = "{\"alias\": \"secret-zone\", \"x\": \"ünï\"}";
        var told = Capture(transport => transport.Run(new NativeCommand("cat") { StandardInput = payload }));

        var notice = Assert.Single(told);
        Assert.DoesNotContain("secret-zone", notice.Text, StringComparison.Ordinal);
        Assert.Contains("< (stdin payload)", notice.Text, StringComparison.Ordinal);
        Assert.EndsWith($"ms, {System.Text.Encoding.UTF8.GetByteCount(payload)} bytes on stdin)", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_whose_reader_stops_early_is_told_as_stopped()
    {
        var told = Capture(transport =>
        {
            using var running = transport.Start(new NativeCommand("/bin/sh", "-c", "echo first; exec sleep 30"));
            Assert.Equal("first", running.StandardOutput.ReadLine());
        });

        var notice = Assert.Single(told);
        Assert.Equal("not read to its end, stopped", notice.Command!.Outcome);
    }

    [Fact]
    public void A_command_line_that_names_the_CN_is_still_led_by_it()
    {
        var notice = CommandNotice.Ended("cn01", new NativeCommand("zfs", "list", "cn01"), "exit 0", TimeSpan.FromMilliseconds(34));
        Assert.Equal("cn01: LC_ALL=C 'zfs' 'list' 'cn01' (exit 0, 34 ms)", notice.Text);
    }

    [Fact]
    public void Without_a_sink_nothing_is_told_and_the_command_runs()
    {
        using var transport = new LocalTransport("here");
        var (output, result) = transport.Run(new NativeCommand("printf", "x"));
        Assert.Equal("x", output);
        Assert.Equal(0, result.ExitCode);
    }

    private static List<CommandNotice> Capture(Action<LocalTransport> run)
    {
        var told = new ConcurrentQueue<CommandNotice>();
        using (CommandNotices.Enter(told.Enqueue))
        {
            using var transport = new LocalTransport("here");
            run(transport);
        }

        return told.Where(notice => notice.Command is not null).ToList();
    }

    private static Regex EndLine(string computeNode, string commandLine, string outcome) =>
        new("^" + Regex.Escape($"{computeNode}: {commandLine} ({outcome}, ") + @"\d+ ms\)$");
}

using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>Issue 8 item 4: every read is capped in characters; past a cap the command is stopped (OutputTooLarge).</summary>
public class OutputCapTests
{
    [Fact]
    public void OneHugeStdoutLineIsOutputTooLargeAndTheCommandIsStopped()
    {
        using var transport = new LocalTransport();
        // 64 MiB on one line, streamed: the line cap stops it long before.
        using var running = transport.Start(new NativeCommand("/bin/sh", "-c", "head -c 67108864 /dev/zero | tr '\\0' x; sleep 60") { Timeout = TimeSpan.FromSeconds(60) });
        var error = Assert.Throws<NativeCommandException>(() => running.StandardOutput.ReadLine());
        Assert.Equal(ErrorIds.OutputTooLarge, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.LimitsExceeded, error.Category);
        Assert.Contains("line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWholeReadPastItsCapIsOutputTooLarge()
    {
        using var transport = new LocalTransport();
        // Many short lines (as a runaway sysinfo would): the whole-read cap applies, not the line cap.
        var error = Assert.Throws<NativeCommandException>(() =>
            transport.Run(new NativeCommand("/bin/sh", "-c", "yes 0123456789abcdef | head -c 67108864") { Timeout = TimeSpan.FromSeconds(60) }));
        Assert.Equal(ErrorIds.OutputTooLarge, error.ErrorId);
    }

    [Fact]
    public void ACommandCanLowerItsOwnCap()
    {
        using var transport = new LocalTransport();
        var error = Assert.Throws<NativeCommandException>(() =>
            transport.Run(new NativeCommand("/bin/sh", "-c", "yes | head -c 100000") { MaxOutputChars = 1000 }));
        Assert.Equal(ErrorIds.OutputTooLarge, error.ErrorId);
        Assert.Equal("y\ny\n", transport.Run(new NativeCommand("/bin/sh", "-c", "yes | head -n 2") { MaxOutputChars = 1000 }).StandardOutput);
    }

    [Fact]
    public void HugeStderrLineKeepsOnlyTheCapAndTheCommandIsStopped()
    {
        using var transport = new LocalTransport();
        // 64 MiB of stderr on one line: kept up to 64 Ki characters, stopped past 16 Mi.
        using var running = transport.Start(new NativeCommand("/bin/sh", "-c", "head -c 67108864 /dev/zero | tr '\\0' x >&2; sleep 60") { Timeout = TimeSpan.FromSeconds(60) });
        var error = Assert.Throws<NativeCommandException>(() => { running.StandardOutput.ReadToEnd(); running.Complete(); });
        Assert.Equal(ErrorIds.OutputTooLarge, error.ErrorId);
        Assert.InRange(error.StandardError.Length, 1, OutputLimits.StandardErrorKeptChars + 1);
    }

    [Fact]
    public void StderrBelowTheStopCapIsTruncatedNotFailed()
    {
        using var transport = new LocalTransport();
        var (output, result) = transport.Run(new NativeCommand("/bin/sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x >&2; echo done"));
        Assert.Equal("done\n", output);
        Assert.InRange(result.StandardError.Length, OutputLimits.StandardErrorKeptChars, OutputLimits.StandardErrorKeptChars + 1);
    }

    [Fact]
    public void ManyLinesWithinTheCapsStreamWhole()
    {
        using var transport = new LocalTransport();
        var lines = transport.Stream(new NativeCommand("seq", "1", "200000"), reader => ReadLines(reader)).Count();
        Assert.Equal(200000, lines);
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            yield return line;
        }
    }
}

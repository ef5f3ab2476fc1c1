using Xunit;
using System.Diagnostics;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

public class LocalTransportTests
{
    [Fact]
    public void RunsWithoutAShellAndStreamsStdout()
    {
        using var transport = new LocalTransport("here");
        using var running = transport.Start(new NativeCommand("printf", "%s\\n", "one", "$(two)", "three"));
        Assert.Equal("one", running.StandardOutput.ReadLine());
        Assert.Equal("$(two)", running.StandardOutput.ReadLine());
        var result = running.Complete();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("here", result.ComputeNode);
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [Fact]
    public void LocaleIsAlwaysC()
    {
        using var transport = new LocalTransport(environment: new Dictionary<string, string> { ["LC_ALL"] = "de_DE.UTF-8" });
        var (output, _) = transport.Run(new NativeCommand("/bin/sh", "-c", "echo \"$LC_ALL\""));
        Assert.Equal("C\n", output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ExtraEnvironmentPathIsUsedToFindTheProgram()
    {
        var directory = Directory.CreateTempSubdirectory("zd-local-");
        try
        {
            var standIn = Path.Combine(directory.FullName, "zd-standin-probe");
            File.WriteAllText(standIn, "#!/bin/sh\necho stand-in \"$1\"\n");
            File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
            using var transport = new LocalTransport(environment: new Dictionary<string, string> { ["PATH"] = directory.FullName + ":/usr/bin:/bin" });
            var (output, _) = transport.Run(new NativeCommand("zd-standin-probe", "x y"));
            Assert.Equal("stand-in x y\n", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void StdinIsWrittenThenClosed()
    {
        using var transport = new LocalTransport();
        var payload = "{\"alias\": \"z1\"}\nsecond line ünï\n";
        var (output, _) = transport.Run(new NativeCommand("cat") { StandardInput = payload });
        Assert.Equal(payload, output);
    }

    [Fact]
    public void WithoutStdinTheCommandSeesEndOfInputAtOnce()
    {
        using var transport = new LocalTransport();
        var (output, _) = transport.Run(new NativeCommand("wc", "-c") { Timeout = TimeSpan.FromSeconds(10) });
        Assert.Equal("0", output.Trim());
    }

    [Fact]
    public void NonZeroExitIsNativeCommandFailedWithStderr()
    {
        using var transport = new LocalTransport("here");
        using var running = transport.Start(new NativeCommand("/bin/sh", "-c", "echo oops >&2; exit 3"));
        var error = Assert.Throws<NativeCommandException>(() => running.Complete());
        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.Equal(3, error.ExitCode);
        Assert.Equal("oops\n", error.StandardError);
        Assert.Equal("LC_ALL=C '/bin/sh' '-c' 'echo oops >&2; exit 3'", error.CommandLine);
        Assert.Equal("here", error.ComputeNode);
        Assert.Contains("oops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListedExitCodesCountAsSuccess()
    {
        using var transport = new LocalTransport();
        var (_, result) = transport.Run(new NativeCommand("/bin/sh", "-c", "exit 1") { SuccessExitCodes = [0, 1] });
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void LargeStderrNeverStallsTheCommand()
    {
        using var transport = new LocalTransport();
        // 1 MB on stderr before any stdout: a synchronous reader of stdout alone would deadlock.
        var (output, result) = transport.Run(new NativeCommand("/bin/sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x >&2; echo done") { Timeout = TimeSpan.FromSeconds(30) });
        Assert.Equal("done\n", output);
        Assert.NotEmpty(result.StandardError);
    }

    [Fact]
    public void TimeoutKillsTheWholeProcessTree()
    {
        var marker = "60." + Random.Shared.Next(100000, 999999);
        using var transport = new LocalTransport();
        var watch = Stopwatch.StartNew();
        using var running = transport.Start(new NativeCommand("/bin/sh", "-c", $"sleep {marker} & sleep {marker}; wait") { Timeout = TimeSpan.FromSeconds(1) });
        // The read itself fails at the deadline; Complete says the same.
        var error = Assert.Throws<NativeCommandException>(() => running.StandardOutput.ReadToEnd());
        Assert.Same(error.ErrorId, Assert.Throws<NativeCommandException>(() => running.Complete()).ErrorId);
        Assert.Equal(ErrorIds.CommandTimedOut, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.OperationTimeout, error.Category);
        Assert.Null(error.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the timeout must end the command");
        WaitUntilGone($"sleep {marker}");
    }

    [Fact]
    public void MissingProgramIsAClearFailure()
    {
        using var transport = new LocalTransport();
        var error = Assert.Throws<NativeCommandException>(() => transport.Start(new NativeCommand("zd-no-such-program-xyz")));
        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.Contains("zd-no-such-program-xyz", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ExitCode);
    }

    [Fact]
    public void DisposingBeforeCompleteStopsTheCommand()
    {
        var marker = "61." + Random.Shared.Next(100000, 999999);
        using var transport = new LocalTransport();
        var running = transport.Start(new NativeCommand("sleep", marker));
        running.Dispose();
        WaitUntilGone($"sleep {marker}");
    }

    /// <summary>The stop runs on its own thread after the error is reported: give it a moment.</summary>
    private static void WaitUntilGone(string pattern)
    {
        var watch = Stopwatch.StartNew();
        while (Pgrep(pattern).Length > 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"'{pattern}' still runs");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void CancellingAStreamStopsACommandThatIsSilent()
    {
        // A stopped pipeline cancels from another thread while the reader waits for a line that never comes.
        var marker = "62." + Random.Shared.Next(100000, 999999);
        using var transport = new LocalTransport();
        using var stop = new CancellationTokenSource();
        var lines = transport.Stream(new NativeCommand("/bin/sh", "-c", $"echo first; sleep {marker}; echo never"),
            output => ReadLines(output), stop.Token);
        using var reading = lines.GetEnumerator();
        Assert.True(reading.MoveNext());
        Assert.Equal("first", reading.Current);

        var next = Task.Run(reading.MoveNext);
        stop.Cancel();

        var ended = Assert.Throws<AggregateException>(() => next.Wait(TimeSpan.FromSeconds(30)));
        Assert.IsAssignableFrom<OperationCanceledException>(ended.InnerException);
        WaitUntilGone($"sleep {marker}");
    }

    [Fact]
    public void AStreamThatIsNotCancelledEndsWithTheCommandsExit()
    {
        using var transport = new LocalTransport();
        using var stop = new CancellationTokenSource();
        var lines = transport.Stream(new NativeCommand("printf", "%s\\n", "a", "b"), output => ReadLines(output), stop.Token).ToList();
        Assert.Equal(["a", "b"], lines);
    }

    private static IEnumerable<string> ReadLines(TextReader output)
    {
        while (output.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static string[] Pgrep(string pattern)
    {
        using var transport = new LocalTransport();
        var (output, _) = transport.Run(new NativeCommand("pgrep", "-f", pattern) { SuccessExitCodes = [0, 1] });
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

using System.Diagnostics;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>
/// Issue 8 item 5: a stop (Ctrl+C) reaches running commands through the ambient scope; a read-only
/// command is stopped, a write is never killed. Bounds are generous: they tell "stopped" from "ran to its end".
/// </summary>
public class CommandCancellationTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public void StoppingTheOperationStopsARunningReadOnlyCommand()
    {
        var marker = "63." + Random.Shared.Next(100000, 999999);
        using var transport = new LocalTransport();
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        using (CommandCancellation.Enter(stop.Token))
        {
            using var running = transport.Start(new NativeCommand("sleep", marker));
            stop.CancelAfter(200);
            Assert.ThrowsAny<OperationCanceledException>(() => running.StandardOutput.ReadToEnd());
        }

        Assert.True(watch.Elapsed < Generous);
        WaitUntil(() => Pgrep(marker).Length == 0);
    }

    [Fact]
    public void NoCommandStartsOnceTheOperationIsStopped()
    {
        using var transport = new LocalTransport();
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        using var scope = CommandCancellation.Enter(stop.Token);
        Assert.ThrowsAny<OperationCanceledException>(() => transport.Start(new NativeCommand("true")));
    }

    [Fact]
    public void AnEndedScopeNoLongerStopsAnything()
    {
        using var stop = new CancellationTokenSource();
        var scope = CommandCancellation.Enter(stop.Token);
        scope.Dispose();
        stop.Cancel();
        Assert.False(CommandCancellation.Current.IsCancellationRequested);
        using var transport = new LocalTransport();
        Assert.Equal("ok\n", transport.Run(new NativeCommand("echo", "ok")).StandardOutput);
    }

    [Fact]
    public void AStoppedWriteIsNotKilledAndIsReportedAsPossiblyStillRunning()
    {
        var directory = Directory.CreateTempSubdirectory("zd-write-");
        try
        {
            var done = Path.Combine(directory.FullName, "done");
            var go = Path.Combine(directory.FullName, "go");
            using var transport = new LocalTransport();
            using var stop = new CancellationTokenSource();
            using (CommandCancellation.Enter(stop.Token))
            {
                // The write cannot finish before the stop, however late a loaded machine delivers it: it waits for "go".
                using var running = transport.Start(NativeCommand.Write("/bin/sh", "-c", $"while [ ! -e '{go}' ]; do sleep 0.05; done; touch '{done}'"));
                stop.CancelAfter(200);
                var error = Assert.Throws<NativeCommandException>(() => running.StandardOutput.ReadToEnd());
                Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
            }

            // The write was not killed: released now, it finishes.
            File.WriteAllText(go, string.Empty);
            WaitUntil(() => File.Exists(done));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ATimedOutWriteIsNotKilled()
    {
        var directory = Directory.CreateTempSubdirectory("zd-write-");
        try
        {
            var done = Path.Combine(directory.FullName, "done");
            var go = Path.Combine(directory.FullName, "go");
            using var transport = new LocalTransport();
            var error = Assert.Throws<NativeCommandException>(() =>
                transport.Run(NativeCommand.Write("/bin/sh", "-c", $"while [ ! -e '{go}' ]; do sleep 0.05; done; touch '{done}'") with
                {
                    Timeout = TimeSpan.FromMilliseconds(300),
                }));
            Assert.Equal(ErrorIds.CommandMayStillBeRunning, error.ErrorId);
            Assert.Contains("may still be running", error.Message, StringComparison.Ordinal);

            // Not killed: released now, the write finishes.
            File.WriteAllText(go, string.Empty);
            WaitUntil(() => File.Exists(done));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ABackgroundChildHoldingStdoutDoesNotOutliveTheTimeout()
    {
        using var transport = new LocalTransport();
        var watch = Stopwatch.StartNew();
        // The shell exits at once; its background child keeps stdout open for 30 s.
        var error = Assert.Throws<NativeCommandException>(() =>
            transport.Run(new NativeCommand("/bin/sh", "-c", "sleep 30 & echo started") { Timeout = TimeSpan.FromSeconds(1) }));
        Assert.Equal(ErrorIds.CommandTimedOut, error.ErrorId);
        Assert.True(watch.Elapsed < Generous, $"took {watch.Elapsed}");
    }

    [Fact]
    public void StoppingAFanOutStopsTheCommandsItsWorkersRun()
    {
        var marker = "64." + Random.Shared.Next(100000, 999999);
        using var transport = new LocalTransport();
        using var stop = new CancellationTokenSource();
        var started = 0;
        var results = FanOut.Run(Enumerable.Range(0, 4), 4, (_, _) =>
        {
            using var running = transport.Start(new NativeCommand("sleep", marker));
            if (Interlocked.Increment(ref started) == 4)
            {
                stop.CancelAfter(100);
            }

            running.StandardOutput.ReadToEnd();
            running.Complete();
            return new[] { "finished" };
        }, stop.Token).ToList();

        Assert.DoesNotContain(results, result => !result.IsError && result.Output == "finished");
        WaitUntil(() => Pgrep(marker).Length == 0);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Generous, "condition not met");
            Thread.Sleep(50);
        }
    }

    private static string[] Pgrep(string marker)
    {
        using var transport = new LocalTransport();
        var (output, _) = transport.Run(new NativeCommand("pgrep", "-f", "^sleep " + marker.Replace(".", "\\.", StringComparison.Ordinal) + "$") { SuccessExitCodes = [0, 1] });
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

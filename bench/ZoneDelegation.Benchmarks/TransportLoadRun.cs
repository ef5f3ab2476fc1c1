using System.Diagnostics;
using System.Globalization;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// Issue 8 item 5: do timeouts hold when many commands run at once? Not a test (timings vary with the
/// machine's load); the figures go to docs/performance.md.
/// <c>load local</c>: commands as local processes; <c>load ssh host port user key known_hosts</c>: over one
/// ssh connection (a testbed CN: testbed.sh start / describe).
/// Scenario 1: 32 parallel <c>sleep 60</c> with a 2 s timeout; each command's time to CommandTimedOut.
/// Scenario 2: 64 parallel <c>sleep 1</c>; the wall time for all of them. A last argument "timeouts" or
/// "sleeps" runs only that scenario.
/// </summary>
public static class TransportLoadRun
{
    public static int Run(string[] args)
    {
        using var connection = Connect(args);
        var transport = connection.Transport;
        // Warm up: the first process start and the JIT are not what is measured.
        transport.Run(new NativeCommand("true"));

        var only = args[^1] is "timeouts" or "sleeps" ? args[^1] : null;
        if (only != "sleeps")
        {
            var timeouts = TimeAll(transport, 32, "60", TimeSpan.FromSeconds(2), expectTimeout: true);
            Console.WriteLine($"{args[1]}: 32 x sleep 60, timeout 2 s: CommandTimedOut after min {timeouts.Min:0.00} s, " +
                              $"median {timeouts.Median:0.00} s, max {timeouts.Max:0.00} s (from the call, process start included); " +
                              $"all done after {timeouts.Wall:0.00} s; load average {LoadAverage()}");

        }

        if (only == "timeouts")
        {
            return 0;
        }

        // Let the stopped commands' sessions close (sshd's MaxSessions counts them).
        Thread.Sleep(TimeSpan.FromSeconds(5));
        var sleeps = TimeAll(transport, 64, "1", TimeSpan.FromSeconds(60), expectTimeout: false);
        Console.WriteLine($"{args[1]}: 64 x sleep 1: all done after {sleeps.Wall:0.00} s (slowest command {sleeps.Max:0.00} s); load average {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static ComputeNodeConnection Connect(string[] args)
    {
        if (args.Length >= 2 && args[1] == "local")
        {
            return ComputeNodeConnector.ConnectLocal("local");
        }

        if (args.Length >= 7 && args[1] == "ssh")
        {
            return ComputeNodeConnector.Connect(new SshConnectionOptions
            {
                HostName = args[2],
                Port = int.Parse(args[3], CultureInfo.InvariantCulture),
                User = args[4],
                IdentityFile = args[5],
                KnownHostsFile = args[6],
                ConfigFile = "/dev/null",
            });
        }

        throw new ArgumentException("usage: load local | load ssh <host> <port> <user> <identity_file> <known_hosts>");
    }

    private static (double Min, double Median, double Max, double Wall) TimeAll(ICommandTransport transport, int count,
        string seconds, TimeSpan timeout, bool expectTimeout)
    {
        var wall = Stopwatch.StartNew();
        var results = FanOut.Run<int, double[]>(Enumerable.Range(0, count), throttleLimit: count, (_, _) =>
        {
            var watch = Stopwatch.StartNew();
            var started = TimeSpan.Zero;
            try
            {
                using var running = transport.Start(new NativeCommand("sleep", seconds) { Timeout = timeout });
                started = watch.Elapsed;
                running.StandardOutput.ReadToEnd();
                running.Complete();
                if (expectTimeout)
                {
                    throw new InvalidOperationException("sleep ended without a timeout");
                }
            }
            catch (NativeCommandException error) when (expectTimeout && error.ErrorId == ErrorIds.CommandTimedOut)
            {
            }

            // The timeout runs from the start of the process: what follows it is ours to keep short.
            return [new[] { (watch.Elapsed - started).TotalSeconds, watch.Elapsed.TotalSeconds }];
        }).ToList();
        wall.Stop();

        var failed = results.Where(r => r.IsError).Select(r => r.Error!.Message).Distinct().ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException("commands failed: " + string.Join("; ", failed));
        }

        var fromStart = results.Select(r => r.Output![0]).Order().ToList();
        var fromCall = results.Select(r => r.Output![1]).Order().ToList();
        Console.WriteLine($"  from the process start: min {fromStart[0]:0.00} s, median {fromStart[fromStart.Count / 2]:0.00} s, max {fromStart[^1]:0.00} s");
        return (fromCall[0], fromCall[fromCall.Count / 2], fromCall[^1], wall.Elapsed.TotalSeconds);
    }
}

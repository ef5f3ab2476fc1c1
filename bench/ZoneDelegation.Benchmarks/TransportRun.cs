using System.Diagnostics;
using System.Globalization;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// Transport figures against sandbox CNs of the testbed (real sshd each; needs root, like the testbed):
/// <list type="bullet">
/// <item><c>transport roundtrip [iterations]</c>: warm round trip of a trivial command (<c>true</c>) and of one
/// <c>zfs get</c> (zfs-fuse's own zfs, one property of the pool) through the exec path and through the channel.</item>
/// <item><c>transport fanout [cns] [throttle] [commands] [latency-ms] [exec|persistent|both]</c>: light CNs
/// (no pool), each command a <c>sleep</c> on the CN (the injected per-command latency, 1 to 1.75 times the
/// given one by CN), run over all CNs through <see cref="FanOut"/>; wall time against ceil(N/T) times the
/// slowest CN run alone.</item>
/// <item><c>transport timeouts [parallel] [timeout-s]</c>: that many <c>sleep 60</c> at once on one CN over the
/// channel (default pool: 4 run, the rest wait for a channel), each with the timeout: when each one reports
/// CommandTimedOut, and whether any sleep is left on the CN.</item>
/// </list>
/// One run, printed as a table; never a test.
/// </summary>
public static class TransportRun
{
    public static int Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "roundtrip";
        return mode switch
        {
            "roundtrip" => RoundTrip(Number(args, 1, 300)),
            "timeouts" => Timeouts(Number(args, 1, 64), Number(args, 2, 2)),
            "fanout" => FanOutRun(Number(args, 1, 32), Number(args, 2, 8), Number(args, 3, 10), Number(args, 4, 50),
                args.Length > 5 ? args[5] : "both"),
            _ => Usage(),
        };
    }

    private static int RoundTrip(int iterations)
    {
        using var sandbox = new SandboxCns();
        var (options, pool) = sandbox.Start("bench-rt-" + RunId());
        var commands = new (string Label, NativeCommand Command)[]
        {
            ("true", new NativeCommand("true")),
            ("zfs get", new NativeCommand("/usr/sbin/zfs", "get", "-Hp", "-o", "value", "used", pool)),
        };
        Console.WriteLine($"round trip, {iterations} warm commands each, sequential, one CN ({options.HostName}:{options.Port})");
        Console.WriteLine($"{"channel",-11} {"command",-8} {"median ms",10} {"p90 ms",8} {"mean ms",8} {"min ms",8}");
        var medians = new Dictionary<(CommandChannel, string), double>();
        foreach (var channel in new[] { CommandChannel.Exec, CommandChannel.Persistent })
        {
            using var connection = ComputeNodeConnector.Connect(options with { Channel = channel });
            foreach (var (label, command) in commands)
            {
                for (var i = 0; i < 10; i++)
                {
                    connection.Transport.Run(command);
                }

                var samples = new double[iterations];
                for (var i = 0; i < iterations; i++)
                {
                    var watch = Stopwatch.StartNew();
                    connection.Transport.Run(command);
                    samples[i] = watch.Elapsed.TotalMilliseconds;
                }

                Array.Sort(samples);
                medians[(channel, label)] = samples[iterations / 2];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{channel,-11} {label,-8} {samples[iterations / 2],10:0.000} {samples[iterations * 9 / 10],8:0.000} {samples.Average(),8:0.000} {samples[0],8:0.000}"));
            }
        }

        foreach (var (label, _) in commands)
        {
            var exec = medians[(CommandChannel.Exec, label)];
            var persistent = medians[(CommandChannel.Persistent, label)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: channel is {exec / persistent:0.0} times faster than exec (median)"));
        }

        return 0;
    }

    private static int Timeouts(int parallel, int timeoutSeconds)
    {
        using var sandbox = new SandboxCns();
        var (options, _) = sandbox.Start("bench-to-" + RunId(), "--platform", "legacy", "--no-pool");
        using var connection = ComputeNodeConnector.Connect(options);
        connection.Transport.Run(new NativeCommand("true"));
        var tag = Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var reported = new double[parallel];
        var errors = new string[parallel];
        var start = Stopwatch.StartNew();
        // One dedicated thread per caller: the figure is the transport's, not the thread pool's.
        var callers = Enumerable.Range(0, parallel).Select(i => new Thread(() =>
        {
            try
            {
                connection.Transport.Run(new NativeCommand("sleep", $"60.{tag}") { Timeout = timeout });
                errors[i] = "finished";
            }
            catch (Core.Errors.ZoneDelegationException error)
            {
                errors[i] = error.ErrorId;
            }

            reported[i] = start.Elapsed.TotalSeconds;
        })).ToList();
        callers.ForEach(t => t.Start());
        callers.ForEach(t => t.Join());
        Array.Sort(reported);
        var outcomes = string.Join(", ", errors.GroupBy(e => e).Select(g => $"{g.Count()} {g.Key}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{parallel} x 'sleep 60' at once, timeout {timeoutSeconds} s, channel pool {options.ChannelPoolSize}: reported after " +
            $"min {reported[0]:0.00} s, median {reported[parallel / 2]:0.00} s, max {reported[^1]:0.00} s; {outcomes}"));
        Thread.Sleep(500);
        using var local = new LocalTransport();
        var (left, _) = local.Run(new NativeCommand("pgrep", "-f", $"^sleep 60\\.{tag}$") { SuccessExitCodes = [0, 1] });
        Console.WriteLine($"sleeps left on the CN 0.5 s later: {left.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length}");
        return 0;
    }

    private static int FanOutRun(int cnCount, int throttle, int commandsPerCn, int latencyMs, string which)
    {
        using var sandbox = new SandboxCns();
        var run = RunId();
        var watch = Stopwatch.StartNew();
        var cns = new (SshConnectionOptions Options, double LatencySeconds)[cnCount];
        Parallel.For(0, cnCount, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (options, _) = sandbox.Start($"bf{run}-{i:00}", "--platform", "legacy", "--no-pool");
            cns[i] = (options, latencyMs * (1 + (i % 4) / 4.0) / 1000.0);
        });
        Console.WriteLine($"{cnCount} sandbox CNs (sshd each, no pool) started in {watch.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"each CN: {commandsPerCn} commands, each 'sleep L' on the CN, L = {latencyMs}..{latencyMs * 1.75:0.#} ms by CN; throttle {throttle}"));

        var channels = which switch
        {
            "exec" => new[] { CommandChannel.Exec },
            "persistent" => new[] { CommandChannel.Persistent },
            _ => new[] { CommandChannel.Persistent, CommandChannel.Exec },
        };
        foreach (var channel in channels)
        {
            var connections = cns.AsParallel().WithDegreeOfParallelism(8)
                .Select(cn => (Connection: ComputeNodeConnector.Connect(cn.Options with { Channel = channel }), cn.LatencySeconds))
                .ToList();
            try
            {
                // Warm: every CN has its master (and its channel) up before the clock starts.
                foreach (var (connection, _) in connections)
                {
                    connection.Transport.Run(new NativeCommand("true"));
                }

                var slowestAlone = connections.Where(c => c.LatencySeconds == connections.Max(x => x.LatencySeconds))
                    .Max(c => Time(() => Work(c.Connection, c.LatencySeconds, commandsPerCn)));
                var wall = Time(() =>
                {
                    foreach (var result in FanOut.Run<(ComputeNodeConnection Connection, double LatencySeconds), int>(connections, throttle, (c, _) => [Work(c.Connection, c.LatencySeconds, commandsPerCn)]))
                    {
                        if (result.IsError)
                        {
                            throw new InvalidOperationException($"{result.Input.Connection.ComputeNode}: {result.Error!.Message}", result.Error);
                        }
                    }
                });
                var waves = (int)Math.Ceiling(cnCount / (double)throttle);
                var bound = 1.3 * waves * slowestAlone;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{channel,-11} slowest CN alone {slowestAlone * 1000,8:0} ms | fan-out wall {wall * 1000,8:0} ms | " +
                    $"ceil(N/T) x slowest {waves * slowestAlone * 1000,8:0} ms | ratio {wall / (waves * slowestAlone):0.00} | " +
                    $"target <= 1.3: {(wall <= bound ? "met" : "NOT met")}"));
            }
            finally
            {
                foreach (var (connection, _) in connections)
                {
                    connection.Dispose();
                }
            }
        }

        return 0;
    }

    private static int Work(ComputeNodeConnection connection, double latencySeconds, int commands)
    {
        var sleep = latencySeconds.ToString("0.0###", CultureInfo.InvariantCulture);
        for (var i = 0; i < commands; i++)
        {
            connection.Transport.Run(new NativeCommand("sleep", sleep));
        }

        return commands;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static string RunId() => Guid.NewGuid().ToString("N")[..4];

    private static int Number(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static int Usage()
    {
        Console.Error.WriteLine("transport roundtrip [iterations] | transport timeouts [parallel] [timeout-s] | transport fanout [cns] [throttle] [commands] [latency-ms] [exec|persistent|both]");
        return 2;
    }
}

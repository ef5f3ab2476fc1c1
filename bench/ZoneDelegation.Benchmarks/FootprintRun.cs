using System.Diagnostics;
using System.Globalization;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// <c>footprint &lt;cns&gt; [--throttle T] [--idle-wait S] [--option Name=Value]...</c>: what connected CNs cost on the
/// operator's machine (issue 18). Starts &lt;cns&gt; light sandbox CNs (testbed.sh start --platform smartos --no-pool: a
/// real sshd and the stand-ins each, no zfs-fuse pool, so no zones), connects them all as Connect-ComputeNode does
/// (<see cref="ConnectionBatch"/>, throttle 32), runs Test-ZoneCompliance's audit on every CN as the cmdlet does
/// (<see cref="FanOut"/>, throttle 32: platform probes and vmadm lookup on each CN), then counts the local processes this
/// process started (its descendants in /proc, by name: ssh, sh, cat, ...) and their RSS and PSS: sampled every 100 ms
/// during connect and audit (the peaks), just after the audit, and again after <c>--idle-wait</c> seconds of idleness
/// (the idle cost per CN). <c>--option</c> sets an SshConnectionOptions property by name (as the fleet run does),
/// so the same harness runs on code that lacks a property. One run, printed; never a test.
/// </summary>
public static class FootprintRun
{
    public static int Run(string[] args)
    {
        var count = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) ? n : 10;
        var throttle = 32;
        var idleWait = 0;
        var overrides = new List<(string Name, string Value)>();
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--throttle" when i + 1 < args.Length:
                    throttle = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--idle-wait" when i + 1 < args.Length:
                    idleWait = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--option" when i + 1 < args.Length:
                    var pair = args[++i].Split('=', 2);
                    overrides.Add((pair[0], pair.Length > 1 ? pair[1] : string.Empty));
                    break;
                default:
                    Console.Error.WriteLine($"footprint: unknown argument {args[i]}");
                    return 2;
            }
        }

        using var sandbox = new SandboxCns();
        var run = Guid.NewGuid().ToString("N")[..4];
        var watch = Stopwatch.StartNew();
        var cns = new SshConnectionOptions[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (options, _) = sandbox.Start($"fp{run}-{i:000}", "--platform", "smartos", "--no-pool");
            cns[i] = OptionOverrides.Apply(options with { DefaultCommandTimeout = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(60) }, overrides);
        });
        Console.WriteLine($"{count} sandbox CNs (sshd each, no pool) started in {watch.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"options: {(overrides.Count == 0 ? "(defaults)" : string.Join(", ", overrides.Select(o => $"{o.Name}={o.Value}")))}");
        Console.WriteLine($"load before the run: {File.ReadAllText("/proc/loadavg").Trim()}");

        var registry = new ConnectionRegistry();
        using var sampler = new Sampler();
        try
        {
            var connect = Stopwatch.StartNew();
            var connectErrors = ConnectionBatch.ConnectAll(cns, throttle, registry, ComputeNodeConnector.Connect)
                .Where(result => result.IsError).Select(result => result.Error!.Message).ToList();
            connect.Stop();
            var connected = sampler.Now();
            var policy = DelegationPolicy.Default;
            var audit = Stopwatch.StartNew();
            var auditErrors = 0;
            var records = 0;
            foreach (var result in FanOut.Run(registry.All, throttle, (connection, _) => ZoneComplianceAuditor.Audit(connection, policy)))
            {
                if (result.IsError)
                {
                    if (auditErrors++ < 3)
                    {
                        Console.WriteLine($"audit error on {result.Input.ComputeNode}: {result.Error!.Message}");
                    }
                }
                else
                {
                    records++;
                }
            }

            audit.Stop();
            var peak = sampler.StopAndPeak();
            var after = sampler.Now();
            Console.WriteLine($"load after the run: {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"connect: {count - connectErrors.Count}/{count} CNs in {connect.Elapsed.TotalSeconds:0.00} s; audit: {auditErrors} CNs failed, " +
                $"{records} records in {audit.Elapsed.TotalSeconds:0.00} s; wall (connect + audit) {connect.Elapsed.TotalSeconds + audit.Elapsed.TotalSeconds:0.00} s"));
            foreach (var error in connectErrors.Take(3))
            {
                Console.WriteLine($"connect error: {error}");
            }

            Console.WriteLine("| Moment | Local processes | by name | RSS (MiB) | PSS (MiB) | per CN: processes | per CN: RSS (MiB) | this process's RSS (MiB) |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|");
            Row("after connect, before the audit", connected, count);
            Row($"peak during connect and audit (sampled every {Sampler.Interval.TotalMilliseconds:0} ms)", peak, count);
            Row("just after the audit", after, count);
            if (idleWait > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(idleWait));
                Row($"idle, {idleWait} s after the audit", sampler.Now(), count);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"this process's peak RSS (VmHWM): {Sampler.SelfKiB("VmHWM") / 1024.0:0.0} MiB"));
        }
        finally
        {
            registry.CloseAll();
        }

        return 0;
    }

    private static void Row(string moment, Snapshot snapshot, int cns) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {moment} | {snapshot.Processes} | {string.Join(", ", snapshot.ByName.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {p.Key}"))} | " +
            $"{snapshot.RssKiB / 1024.0:0.0} | {snapshot.PssKiB / 1024.0:0.0} | {snapshot.Processes / (double)cns:0.00} | {snapshot.RssKiB / 1024.0 / cns:0.00} | " +
            $"{snapshot.SelfRssKiB / 1024.0:0.0} |"));


    internal sealed record Snapshot(int Processes, Dictionary<string, int> ByName, long RssKiB, long PssKiB, long SelfRssKiB);

    /// <summary>Descendants of this process, read from /proc (ppid in /proc/pid/stat, VmRSS in status, Pss in smaps_rollup).</summary>
    private sealed class Sampler : IDisposable
    {
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

        private readonly Thread thread;
        private volatile bool stopped;
        private Snapshot peakProcesses = new(0, [], 0, 0, 0);
        private long peakRss;
        private long peakPss;

        public Sampler()
        {
            thread = new Thread(Loop) { IsBackground = true, Name = "footprint-sampler" };
            thread.Start();
        }

        public Snapshot StopAndPeak()
        {
            stopped = true;
            thread.Join();
            return peakProcesses with { RssKiB = peakRss, PssKiB = peakPss, SelfRssKiB = SelfKiB("VmHWM") };
        }

        public void Dispose() => stopped = true;

        public Snapshot Now()
        {
            var parents = new Dictionary<int, int>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && Read(Path.Combine(directory, "stat")) is { } stat)
                {
                    // pid (comm) state ppid ...: comm may hold blanks, so parse after the last ')'.
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
            }

            var self = Environment.ProcessId;
            var mine = new List<int>();
            foreach (var pid in parents.Keys)
            {
                for (var p = parents[pid]; p > 1 && parents.ContainsKey(p); p = parents[p])
                {
                    if (p == self)
                    {
                        mine.Add(pid);
                        break;
                    }
                }
            }

            var byName = new Dictionary<string, int>();
            long rss = 0, pss = 0;
            var counted = 0;
            foreach (var pid in mine)
            {
                var name = Read($"/proc/{pid}/comm")?.Trim();
                var status = Read($"/proc/{pid}/status");
                if (name is null || status is null)
                {
                    continue;
                }

                // testbed.sh (starting CNs) is not ours to count: only what the module started.
                counted++;
                byName[name] = byName.GetValueOrDefault(name) + 1;
                rss += Field(status, "VmRSS");
                pss += Field(Read($"/proc/{pid}/smaps_rollup") ?? string.Empty, "Pss");
            }

            return new Snapshot(counted, byName, rss, pss, SelfKiB("VmRSS"));
        }

        public static long SelfKiB(string field) => Field(File.ReadAllText("/proc/self/status"), field);

        private void Loop()
        {
            while (!stopped)
            {
                var now = Now();
                if (now.Processes > peakProcesses.Processes)
                {
                    peakProcesses = now;
                }

                peakRss = Math.Max(peakRss, now.RssKiB);
                peakPss = Math.Max(peakPss, now.PssKiB);
                Thread.Sleep(Interval);
            }
        }

        private static long Field(string text, string name)
        {
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith(name + ":", StringComparison.Ordinal))
                {
                    var value = line[(name.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(value, CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }

        private static string? Read(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// <c>fleet &lt;zones&gt; [--option Name=Value]... [--per-zone N] [--keep]</c>: starts a sandbox CN of the
/// testbed (real sshd, real zfs-fuse pool, stand-ins; root only), gives it &lt;zones&gt; zones fast (the vmadm
/// stand-in's state files written directly, the zone roots made with real zfs create in one shell loop
/// on the CN), then times over ssh: Test-ZoneCompliance's audit (cold: a new connection, with the
/// platform probes; warm: the same connection again), Get-SafeZone's listing and Get-DatasetLimit of all
/// zones, counting the commands each sends. <c>--per-zone N</c> also times N one-zone reads, the cost per
/// zone of reading zones one command at a time. <c>--option</c> sets any SshConnectionOptions property by
/// name (e.g. a transport or channel choice), so every transport is measured by the same harness.
/// </summary>
public static class FleetRun
{
    public static int Run(string[] args)
    {
        var zones = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) ? n : 1000;
        var options = new List<(string Name, string Value)>();
        var perZone = 0;
        var keep = false;
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--option" when i + 1 < args.Length:
                    var pair = args[++i].Split('=', 2);
                    options.Add((pair[0], pair.Length > 1 ? pair[1] : string.Empty));
                    break;
                case "--per-zone" when i + 1 < args.Length:
                    perZone = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    Console.Error.WriteLine($"fleet: unknown argument {args[i]}");
                    return 2;
            }
        }

        var name = "bench-" + Guid.NewGuid().ToString("N")[..6];
        var cn = Testbed.Start(name);
        try
        {
            var populate = Stopwatch.StartNew();
            var uuids = Populate(cn, zones);
            Console.WriteLine($"populated {zones} zones on {name} in {populate.Elapsed.TotalSeconds:F1} s");
            Measure(cn, uuids, options, perZone);
        }
        finally
        {
            if (keep)
            {
                Console.WriteLine($"kept: bash tests/testbed/testbed.sh stop {name}");
            }
            else
            {
                Testbed.Stop(name);
            }
        }

        return 0;
    }

    private static void Measure(Testbed.Cn cn, IReadOnlyList<ZoneUuid> uuids, List<(string Name, string Value)> overrides, int perZone)
    {
        var options = OptionOverrides.Apply(cn.SshOptions(), overrides);
        var policy = DelegationPolicy.Default;
        Console.WriteLine($"transport options: {(overrides.Count == 0 ? "(defaults)" : string.Join(", ", overrides.Select(o => $"{o.Name}={o.Value}")))}");
        Console.WriteLine("| Operation | Zones | Commands | Wall time | Per zone |");
        Console.WriteLine("|---|---:|---:|---:|---:|");

        using (var connection = Counting.Connect(options, out var counter))
        {
            Row("Test-ZoneCompliance, cold (new connection, platform probes)", uuids.Count, counter,
                () => ZoneComplianceAuditor.Audit(connection, policy).Count());
            Row("Test-ZoneCompliance, warm (same connection)", uuids.Count, counter,
                () => ZoneComplianceAuditor.Audit(connection, policy).Count());
            Row("Get-SafeZone (vmadm lookup only)", uuids.Count, counter,
                () => SafeZoneReader.List(connection, SafeZoneFilter.All, policy).Cast<SafeZone>().Count());
            Row("Get-DatasetLimit of every zone (one zfs get)", uuids.Count, counter,
                () => DatasetLimitReader.ReadMany(connection, uuids).Count());
            if (perZone > 0)
            {
                Row($"Get-DatasetLimit one zone at a time ({perZone} zones)", perZone, counter,
                    () => uuids.Take(perZone).Select(zone => DatasetLimitReader.Read(connection, zone)).Count());
            }
        }
    }

    private static void Row(string operation, int zones, Counting counter, Func<int> run)
    {
        var before = counter.Commands;
        var stopwatch = Stopwatch.StartNew();
        var produced = run();
        stopwatch.Stop();
        if (produced != zones)
        {
            throw new InvalidOperationException($"{operation}: {produced} results for {zones} zones.");
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {operation} | {zones} | {counter.Commands - before} | {seconds:F2} s | {seconds * 1000 / zones:F2} ms |"));
    }


    /// <summary>
    /// The zones: a quarter each safe, plain delegated (no limits, sys_fs_import kept), limits above the
    /// policy, and not delegated. vmadm's state is written as the stand-in writes it; the datasets are real.
    /// </summary>
    private static List<ZoneUuid> Populate(Testbed.Cn cn, int zones)
    {
        var vmadmState = Path.Combine(cn.Environment["ZD_CN_DIR"], "vmadm");
        Directory.CreateDirectory(vmadmState);
        var script = new StringBuilder("set -e\n");
        script.Append(CultureInfo.InvariantCulture, $"zfs set com.zonedelegation.standin:feature_filesystem_limits=active {cn.Pool}\n");
        var uuids = new List<ZoneUuid>(zones);
        var created = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        for (var i = 0; i < zones; i++)
        {
            var uuid = Guid.NewGuid().ToString("D");
            uuids.Add(ZoneUuid.Parse(uuid));
            var root = $"{cn.Pool}/{uuid}";
            var kind = i % 4;
            var vm = new JsonObject
            {
                ["zonename"] = uuid, ["autoboot"] = true, ["brand"] = "joyent",
                ["limit_priv"] = kind is 0 or 2 ? "default,-sys_fs_import" : "default",
                ["create_timestamp"] = created, ["max_physical_memory"] = 256,
                ["owner_uuid"] = "00000000-0000-0000-0000-000000000000", ["uuid"] = uuid, ["zone_state"] = "running",
                ["zonepath"] = "/zones/" + uuid, ["state"] = "running", ["zfs_filesystem"] = root, ["zpool"] = cn.Pool,
                ["snapshots"] = new JsonArray(), ["alias"] = $"bench-{i:D4}",
            };
            var limits = kind switch
            {
                0 => "-o com.zonedelegation.standin:snapshot_limit=128 -o com.zonedelegation.standin:filesystem_limit=32 ",
                2 => "-o com.zonedelegation.standin:snapshot_limit=1000 -o com.zonedelegation.standin:filesystem_limit=100 ",
                _ => string.Empty,
            };
            script.Append(CultureInfo.InvariantCulture, $"zfs create {limits}{root}\n");
            if (kind != 3)
            {
                vm["datasets"] = new JsonArray(root + "/data");
                script.Append(CultureInfo.InvariantCulture, $"zfs create -o zoned=on {root}/data\n");
            }

            File.WriteAllText(Path.Combine(vmadmState, uuid + ".json"), vm.ToJsonString() + "\n");
        }

        // The real zfs-fuse, in one shell on the CN: no ssh round trip per dataset.
        var realZfs = cn.Environment.TryGetValue("ZD_REAL_ZFS", out var zfs) ? zfs : "/usr/sbin/zfs";
        var realZpool = cn.Environment.TryGetValue("ZD_REAL_ZPOOL", out var zpool) ? zpool : "/usr/sbin/zpool";
        using var transport = new LocalTransport(cn.Name, cn.Environment, TimeSpan.FromMinutes(30));

        // The testbed's 256 MiB pool holds about a thousand datasets: add a sparse vdev in the CN's
        // directory (testbed.sh stop destroys the pool and removes the directory, the file with it).
        var extra = Path.Combine(cn.Directory, "bench-extra.img");
        transport.Run(new NativeCommand("truncate", "-s", "4G", extra));
        transport.Run(new NativeCommand(realZpool, "add", "-f", cn.Pool, extra));
        transport.Run(new NativeCommand("sh") { StandardInput = $"zfs() {{ '{realZfs}' \"$@\"; }}\n" + script });
        return uuids;
    }

    /// <summary>Counts every command started on a connection's transport.</summary>
    private sealed class Counting(ICommandTransport inner) : ICommandTransport
    {
        private int commands;

        public int Commands => Volatile.Read(ref commands);

        public string ComputeNode => inner.ComputeNode;

        public static ComputeNodeConnection Connect(SshConnectionOptions options, out Counting counter)
        {
            var real = ComputeNodeConnector.Connect(options);
            counter = new Counting(real.Transport);
            return new ComputeNodeConnection(real.ComputeNode, ConnectionKind.Ssh, counter, real.HostName, real.Port, real.User, real.HostKeyPolicyValue);
        }

        public IRunningCommand Start(NativeCommand command)
        {
            Interlocked.Increment(ref commands);
            return inner.Start(command);
        }

        public void Dispose() => inner.Dispose();
    }
}

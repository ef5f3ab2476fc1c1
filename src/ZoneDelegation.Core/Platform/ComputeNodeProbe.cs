using System.Runtime.CompilerServices;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// Probes a CN's <see cref="ComputeNodeFacts"/> on first use of a connection and keeps them as long as
/// the connection lives. Three small commands: <c>sysinfo</c>, <c>vmadm</c> (presence only) and
/// <c>zfs list -H -p -o name &lt;pool&gt;</c>. A missing program is a fact; a lost connection propagates
/// and nothing is cached, so the next call probes again.
/// </summary>
internal static class ComputeNodeProbe
{
    private static readonly ConditionalWeakTable<ComputeNodeConnection, ComputeNodeFacts> Cache = new();

    public static ComputeNodeFacts Get(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Cache.TryGetValue(connection, out var cached))
        {
            CommandNotices.Debug(connection.ComputeNode, "platform cache: uses the facts probed earlier on this connection (sysinfo, vmadm, zfs list -p); nothing is run.");
            return cached;
        }

        CommandNotices.Debug(connection.ComputeNode, "platform cache: nothing probed yet on this connection; probes sysinfo, vmadm and zfs list -p, and keeps the answer.");
        var facts = Probe(connection.Transport);
        // Two threads may probe at once; both answers are equal, the first one stays.
        return Cache.GetValue(connection, _ => facts);
    }

    /// <summary>Gives <paramref name="to"/> (a view of the same CN) what was probed on <paramref name="from"/>, if anything.</summary>
    public static void Share(ComputeNodeConnection from, ComputeNodeConnection to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (Cache.TryGetValue(from, out var facts))
        {
            Cache.TryAdd(to, facts);
        }
    }

    /// <summary>Forgets what was probed (e.g. after the CN was rebooted onto another platform).</summary>
    public static void Forget(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Cache.Remove(connection);
        PlatformSupportTester.Forget(connection);
    }

    /// <summary>Probes without caching.</summary>
    public static ComputeNodeFacts Probe(ICommandTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var sysinfo = NativeProbe.Run(transport, new NativeCommand("sysinfo"));
        SysInfo? sysInfo = sysinfo.Outcome switch
        {
            NativeProbeOutcome.Succeeded => SysInfoParser.ParseJson(new StringReader(sysinfo.StandardOutput)),
            NativeProbeOutcome.Missing => null,
            _ => throw new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.InvalidResult,
                $"sysinfo on {transport.ComputeNode} failed with exit code {sysinfo.ExitCode}: {sysinfo.FirstErrorLine}",
                transport.ComputeNode, new NativeCommand("sysinfo").CommandLine, sysinfo.ExitCode, sysinfo.StandardError,
                "Run sysinfo on the compute node to see why it fails."),
        };

        var pool = sysInfo?.Zpool ?? SysInfo.DefaultZpool;
        var poolName = DatasetName.Parse(pool);
        if (!poolName.IsPoolRoot)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidDatasetName, ZoneErrorCategory.InvalidData,
                $"sysinfo on {transport.ComputeNode} names the zone pool '{pool}', which is not a pool name.", pool,
                "Check the Zpool key of sysinfo on the compute node.");
        }

        // vmadm without arguments prints its usage and exits 2: any exit but 127 means it is there.
        var vmadm = NativeProbe.Run(transport, new NativeCommand("vmadm"));
        var parsable = NativeProbe.Run(transport, new NativeCommand("zfs", "list", "-H", "-p", "-o", "name", poolName.Value));

        return new ComputeNodeFacts
        {
            ComputeNode = transport.ComputeNode,
            SysInfo = sysInfo,
            Zpool = poolName.Value,
            HasVmadm = vmadm.Outcome != NativeProbeOutcome.Missing,
            SupportsParsableList = parsable.Succeeded,
        };
    }
}

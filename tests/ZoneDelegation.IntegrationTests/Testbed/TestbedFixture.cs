using Xunit;
using System.Collections.Concurrent;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>
/// Sandbox CNs for the integration tests (xunit collection fixture, see <see cref="TestbedCollection"/>).
/// <see cref="Smartos"/> and <see cref="Legacy"/> are shared CNs started on first use; tests that break
/// a CN take their own with <see cref="StartDedicated"/>. Everything started is stopped at the end.
/// CN names carry a per-run suffix, so parallel runs on one machine never meet.
/// </summary>
public sealed class TestbedFixture : IDisposable
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..6];
    private readonly ConcurrentDictionary<string, TestbedCn> started = new(StringComparer.Ordinal);
    private readonly Lazy<TestbedCn> smartos;
    private readonly Lazy<TestbedCn> legacy;
    private readonly Lazy<TestbedCn> illumos;
    private readonly Lazy<string> smartosSecondPool;

    public TestbedFixture()
    {
        smartos = new Lazy<TestbedCn>(() => Start("sm", "smartos"));
        legacy = new Lazy<TestbedCn>(() => Start("lg", "legacy"));
        illumos = new Lazy<TestbedCn>(() => Start("il", "illumos"));
        smartosSecondPool = new Lazy<string>(() => TestbedScript.Run(["add-pool", Smartos.Name]).Trim());
    }

    /// <summary>A shared CN on the SmartOS platform (stand-ins sysinfo, zfs, zpool, ppriv, vmadm). Do not break it.</summary>
    public TestbedCn Smartos => smartos.Value;

    /// <summary>
    /// A second pool of the shared SmartOS CN (<c>testbed.sh add-pool</c>), for zones created with a payload
    /// <c>zpool</c>: the vmadm stand-in accepts it, sysinfo's Zpool stays <see cref="TestbedCn.Pool"/>. Destroyed with the CN.
    /// </summary>
    public string SmartosSecondPool => smartosSecondPool.Value;

    /// <summary>A shared CN on the legacy platform (plain zfs-fuse, sysinfo stand-in only). Do not break it.</summary>
    public TestbedCn Legacy => legacy.Value;

    /// <summary>A shared CN on the illumos platform (zoneadm and beadm stand-ins, global BEs, zone z1). Tests add their own zones.</summary>
    public TestbedCn Illumos => illumos.Value;

    /// <summary>A CN of its own for a test that kills or reconfigures it; stopped with the fixture (or earlier with <see cref="Stop"/>).</summary>
    public TestbedCn StartDedicated(string shortName, string platform = "smartos", string? liveImage = null, int? memoryMiB = null) =>
        Start(shortName, platform, liveImage, memoryMiB);

    public void Stop(TestbedCn cn)
    {
        ArgumentNullException.ThrowIfNull(cn);
        if (started.TryRemove(cn.Name, out _))
        {
            TestbedScript.Stop(cn.Name);
        }
    }

    /// <summary>Opens an ssh connection (real ssh client, ControlMaster) to the CN, as Connect-ComputeNode would.</summary>
    public static ComputeNodeConnection Connect(TestbedCn cn, HostKeyPolicy policy = HostKeyPolicy.Strict,
        CommandChannel channel = CommandChannel.Persistent) =>
        ComputeNodeConnector.Connect(cn.SshOptions(policy) with { Channel = channel });

    /// <summary>A Local connection that runs commands on this host with the CN's environment (its stand-ins first on PATH).</summary>
    public static ComputeNodeConnection ConnectLocal(TestbedCn cn) =>
        ComputeNodeConnector.ConnectLocal(cn.Name, cn.Environment);

    /// <summary>
    /// Runs a command for an arrange or assert step, locally with the CN's environment (no ssh):
    /// <c>RunOnCn(cn, "zfs", "snapshot", cn.Pool + "/zones/x@a")</c> goes through the CN's stand-ins;
    /// use "/usr/sbin/zfs" for the real zfs-fuse. Returns stdout; a non-zero exit throws.
    /// </summary>
    public static string RunOnCn(TestbedCn cn, string program, params string[] arguments)
    {
        using var transport = new LocalTransport(cn.Name, cn.Environment, TimeSpan.FromSeconds(60));
        return transport.Run(new NativeCommand(program, arguments)).StandardOutput;
    }

    public void Dispose()
    {
        foreach (var name in started.Keys.ToList())
        {
            if (started.TryRemove(name, out _))
            {
                try
                {
                    TestbedScript.Stop(name);
                }
                catch (Exception)
                {
                    // cleanup-stale at the next run removes what could not be stopped now.
                }
            }
        }
    }

    private TestbedCn Start(string shortName, string platform, string? liveImage = null, int? memoryMiB = null)
    {
        if (TestbedRequirements.MissingReason is { } reason)
        {
            // Under CI=true TestbedFact does not skip, so this fails the test loudly.
            throw new InvalidOperationException($"The testbed cannot start on this machine: {reason}.");
        }

        var cn = TestbedScript.Start($"{shortName}-{runId}", platform, liveImage, memoryMiB);
        started[cn.Name] = cn;
        return cn;
    }
}

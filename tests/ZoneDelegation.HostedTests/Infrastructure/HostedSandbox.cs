using Xunit;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.HostedTests.Infrastructure;

/// <summary>
/// The hosted suite's shared state: one PowerShell session with the module imported, a policy file of
/// its own (ZONEDELEGATION_POLICY, so the machine's policy never leaks in), and a smartos sandbox CN
/// (real sshd + zfs-fuse, labelled stand-ins) connected as <see cref="ComputeNodeName"/> on first use.
/// Every hosted test class joins <see cref="HostedCollection"/>, so they run one at a time in this session.
/// </summary>
public sealed class HostedSandbox : IDisposable
{
    public const string ComputeNodeName = "hosted-cn";

    /// <summary>The connection name of the illumos sandbox CN (zone boot environments).</summary>
    public const string IllumosComputeNodeName = "hosted-il";

    /// <summary>CN names as long as a fleet's real ones (31 characters): the views and exports must keep them whole.</summary>
    public const string LongComputeNodeName = "headnode-cn-a11.dc1.example.com";

    public const string LongIllumosComputeNodeName = "headnode-il-b07.dc2.example.com";

    /// <summary>A zone alias as long as real ones (35 characters).</summary>
    public const string LongAlias = "customer-database-replica-0042-view";

    private readonly string runId = Guid.NewGuid().ToString("N")[..6];
    private readonly string workDirectory = Directory.CreateTempSubdirectory("zd-hosted-").FullName;
    private readonly Lazy<TestbedCn> computeNode;
    private readonly Lazy<TestbedCn> illumosComputeNode;
    private readonly List<TestbedCn> started = [];
    private readonly Lazy<PowerShellSession> hostedSession;
    private readonly Lazy<string> zone;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<TestbedCn>> dedicated = new();

    public HostedSandbox()
    {
        PolicyFile = Path.Combine(workDirectory, "policy.json");
        Environment.SetEnvironmentVariable("ZONEDELEGATION_POLICY", PolicyFile);
        Session = new PowerShellSession();
        computeNode = new Lazy<TestbedCn>(() => StartAndConnect("hc", ComputeNodeName));
        illumosComputeNode = new Lazy<TestbedCn>(() => StartAndConnect("hi", IllumosComputeNodeName, "illumos"));
        hostedSession = new Lazy<PowerShellSession>(() => new PowerShellSession(host: Host));
        zone = new Lazy<string>(() => CreateZone("hosted-zone"));
    }

    public PowerShellSession Session { get; }

    /// <summary>The host of <see cref="HostedSession"/>: records What if: text and answers -Confirm prompts.</summary>
    public RecordingHost Host { get; } = new();

    /// <summary>
    /// A second session of the module, talking to <see cref="Host"/>. Connections are the module's,
    /// per process, so <see cref="ComputeNodeName"/> is open here too.
    /// </summary>
    public PowerShellSession HostedSession => hostedSession.Value;

    /// <summary>The policy file this suite's session reads (deleted between tests that change it).</summary>
    public string PolicyFile { get; }

    /// <summary>A folder for CSV files and other inputs a test writes.</summary>
    public string WorkDirectory => workDirectory;

    /// <summary>The shared smartos sandbox CN, connected in <see cref="Session"/> as <see cref="ComputeNodeName"/>.</summary>
    public TestbedCn ComputeNode => computeNode.Value;

    /// <summary>The shared illumos sandbox CN (zoneadm/beadm stand-ins, zone z1), connected as <see cref="IllumosComputeNodeName"/>.</summary>
    public TestbedCn IllumosComputeNode => illumosComputeNode.Value;
    /// <summary>
    /// The UUID of a safe zone on <see cref="ComputeNode"/> that tests may read, plan against and set
    /// limits on (each test sets what it asserts; none deletes it).
    /// </summary>
    public string Zone => zone.Value;

    /// <summary>A zone's snapshot limit as Get-DatasetLimit reads it back from ZFS (for arrange and assert steps).</summary>
    public long SnapshotLimit(string zoneUuid)
    {
        var limit = Session.Invoke("(Get-DatasetLimit -Zone $args[0] -ComputeNode $args[1] -ErrorAction Stop).SnapshotLimit", zoneUuid, ComputeNodeName)
            .ThrowIfFailed().Output.Single();
        return Convert.ToInt64(limit.BaseObject, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Creates a safe zone (brand joyent, policy limits) on <see cref="ComputeNode"/> and returns its UUID.</summary>
    public string CreateZone(string alias)
    {
        _ = ComputeNode;
        var created = Session.Invoke(
            "New-SafeZone -Alias $args[0] -Brand joyent -ComputeNode $args[1] -Confirm:$false -ErrorAction Stop",
            alias, ComputeNodeName).ThrowIfFailed().Output.Single();
        return (string)created.Properties["Uuid"].Value;
    }

    /// <summary>
    /// A sandbox CN of its own for tests that change how the CN behaves, started once per suite run
    /// and connected as <paramref name="connectionName"/>. Tests must still pass -ComputeNode: with
    /// more than one connection open, no CN is the default.
    /// </summary>
    /// <param name="shortName">The testbed's name for it, when the connection name is too long or has dots (pool names hold it).</param>
    /// <param name="liveImage">The platform stamp its sysinfo reports (testbed.sh start --live-image).</param>
    /// <param name="memoryMiB">Its sysinfo "MiB of Memory" (testbed.sh start --memory-mib).</param>
    public TestbedCn DedicatedComputeNode(string connectionName, string platform = "smartos", string? shortName = null,
        string? liveImage = null, int? memoryMiB = null) =>
        dedicated.GetOrAdd(connectionName, name => new Lazy<TestbedCn>(() => StartAndConnect(shortName ?? name, name, platform, liveImage, memoryMiB))).Value;

    /// <summary>A smartos sandbox CN connected as <see cref="LongComputeNodeName"/>, with a zone aliased <see cref="LongAlias"/>.</summary>
    public TestbedCn LongNamedComputeNode()
    {
        var cn = DedicatedComputeNode(LongComputeNodeName, shortName: "hlong");
        var exists = Session.Invoke("@(Get-SafeZone -ComputeNode $args[0] -Alias $args[1]).Count", LongComputeNodeName, LongAlias)
            .ThrowIfFailed().Output.Single();
        if ((int)exists.BaseObject == 0)
        {
            Session.Invoke("New-SafeZone -ComputeNode $args[0] -Alias $args[1] -Brand joyent -Quota 10GB -Confirm:$false -ErrorAction Stop",
                LongComputeNodeName, LongAlias).ThrowIfFailed();
        }

        return cn;
    }

    /// <summary>An illumos sandbox CN (zone z1) connected as <see cref="LongIllumosComputeNodeName"/>.</summary>
    public TestbedCn LongNamedIllumosComputeNode() => DedicatedComputeNode(LongIllumosComputeNodeName, "illumos", "ilong");

    /// <summary>Starts another sandbox CN and connects it in the session under <paramref name="connectionName"/>.</summary>
    public TestbedCn StartAndConnect(string shortName, string connectionName, string platform = "smartos", string? liveImage = null, int? memoryMiB = null)
    {
        if (TestbedRequirements.MissingReason is { } reason)
        {
            throw new InvalidOperationException($"The testbed cannot start on this machine: {reason}.");
        }

        var cn = TestbedScript.Start($"{shortName}-{runId}", platform, liveImage, memoryMiB);
        lock (started)
        {
            started.Add(cn);
        }

        Session.Invoke(
            """
            $cn, $name = $args
            Connect-ComputeNode -HostName $cn.Address -Port $cn.Port -User $cn.User -IdentityFile $cn.IdentityFile `
                -KnownHostsFile $cn.KnownHostsFile -SshConfigFile /dev/null -Name $name -ErrorAction Stop | Out-Null
            """,
            cn, connectionName).ThrowIfFailed();
        return cn;
    }

    /// <summary>Runs a command on a CN for an arrange or assert step (through its stand-ins, no ssh).</summary>
    /// <summary>Creates a zone on a sandbox CN with the stand-in vmadm (payload on stdin, as vmadm takes it); returns its UUID.</summary>
    public static string CreateZone(TestbedCn cn, System.Text.Json.Nodes.JsonObject payload)
    {
        var uuid = Guid.NewGuid().ToString("D");
        payload["uuid"] = uuid;
        using var transport = new ZoneDelegation.Core.Transport.LocalTransport(cn.Name, cn.Environment, TimeSpan.FromSeconds(60));
        ZoneDelegation.Core.Transport.CommandTransportExtensions.Run(
            transport, new ZoneDelegation.Core.Transport.NativeCommand("vmadm", "create") { StandardInput = payload.ToJsonString() });
        return uuid;
    }

    public static string RunOnCn(TestbedCn cn, string program, params string[] arguments)
    {
        using var transport = new ZoneDelegation.Core.Transport.LocalTransport(cn.Name, cn.Environment, TimeSpan.FromSeconds(60));
        return ZoneDelegation.Core.Transport.CommandTransportExtensions.Run(
            transport, new ZoneDelegation.Core.Transport.NativeCommand(program, arguments)).StandardOutput;
    }

    public void Dispose()
    {
        Session.Invoke("Disconnect-ComputeNode -All -ErrorAction SilentlyContinue");
        Session.Dispose();
        if (hostedSession.IsValueCreated)
        {
            hostedSession.Value.Dispose();
        }
        foreach (var cn in started)
        {
            try
            {
                TestbedScript.Stop(cn.Name);
            }
            catch (Exception)
            {
                // cleanup-stale at the next run removes what could not be stopped now.
            }
        }

        Environment.SetEnvironmentVariable("ZONEDELEGATION_POLICY", null);
        Directory.Delete(workDirectory, recursive: true);
    }
}

/// <summary>Every hosted test class: <c>[Collection(HostedCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class HostedCollection : ICollectionFixture<HostedSandbox>
{
    public const string Name = "Hosted";
}

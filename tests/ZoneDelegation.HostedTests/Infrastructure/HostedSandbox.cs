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

    private readonly string runId = Guid.NewGuid().ToString("N")[..6];
    private readonly string workDirectory = Directory.CreateTempSubdirectory("zd-hosted-").FullName;
    private readonly Lazy<TestbedCn> computeNode;
    private readonly Lazy<TestbedCn> illumosComputeNode;
    private readonly List<TestbedCn> started = [];

    public HostedSandbox()
    {
        PolicyFile = Path.Combine(workDirectory, "policy.json");
        Environment.SetEnvironmentVariable("ZONEDELEGATION_POLICY", PolicyFile);
        Session = new PowerShellSession();
        computeNode = new Lazy<TestbedCn>(() => StartAndConnect("hc", ComputeNodeName));
        illumosComputeNode = new Lazy<TestbedCn>(() => StartAndConnect("hi", IllumosComputeNodeName, "illumos"));
    }

    public PowerShellSession Session { get; }

    /// <summary>The policy file this suite's session reads (deleted between tests that change it).</summary>
    public string PolicyFile { get; }

    /// <summary>A folder for CSV files and other inputs a test writes.</summary>
    public string WorkDirectory => workDirectory;

    /// <summary>The shared smartos sandbox CN, connected in <see cref="Session"/> as <see cref="ComputeNodeName"/>.</summary>
    public TestbedCn ComputeNode => computeNode.Value;

    /// <summary>The shared illumos sandbox CN (zoneadm/beadm stand-ins, zone z1), connected as <see cref="IllumosComputeNodeName"/>.</summary>
    public TestbedCn IllumosComputeNode => illumosComputeNode.Value;

    /// <summary>Starts another sandbox CN and connects it in the session under <paramref name="connectionName"/>.</summary>
    public TestbedCn StartAndConnect(string shortName, string connectionName, string platform = "smartos")
    {
        if (TestbedRequirements.MissingReason is { } reason)
        {
            throw new InvalidOperationException($"The testbed cannot start on this machine: {reason}.");
        }

        var cn = TestbedScript.Start($"{shortName}-{runId}", platform);
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

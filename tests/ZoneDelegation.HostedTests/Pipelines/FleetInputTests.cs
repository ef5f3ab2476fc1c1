using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// Issue 16 item 1: every fleet cmdlet takes its input one way (FleetCmdlet). These are the rules that three
/// copies of that input handling kept differently: an empty pipeline asks for nothing, each CN is read once,
/// a record that asks for every zone of a CN is never narrowed by another record, and -Quiet counts every
/// failure, including a zone it could not even name and input that no connection could take.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class FleetInputTests(HostedSandbox sandbox)
{
    private const string Other = "fleet-other";

    /// <summary>cmdlet fed an empty pipeline; what it must write (nothing, or -Quiet's vacuous $true).</summary>
    public static TheoryData<string, bool[]> EmptyPipelines() => new()
    {
        { "@() | Get-SafeZone", [] },
        { "@() | Test-PlatformSupport -Quiet", [] },
        { "@() | Get-ZoneBootEnvironment", [] },
        { "@() | Test-ZoneBootEnvironment -Quiet", [true] },
        { "@() | Get-DatasetLimit", [] },
        { "@() | Test-ZoneCompliance -Quiet", [true] },
    };

    /// <summary>
    /// A filter that matched nothing (Get-SafeZone -Alias nomatch | ...) used to make four cmdlets read the
    /// default CN, every zone of it, or fail for want of one; the batch cmdlets already did nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(EmptyPipelines))]
    public void An_empty_pipeline_asks_for_nothing(string script, bool[] expected)
    {
        var result = sandbox.Session.Invoke(script).ThrowIfFailed();

        Assert.Equal(expected.Cast<object>(), result.BaseObjects);
    }

    /// <summary>Test-ZoneCompliance -Quiet said True after a zone it could not parse (nothing was audited).</summary>
    [TestbedFact]
    public void Quiet_counts_a_zone_that_could_not_be_named_as_failed()
    {
        var result = sandbox.Session.Invoke("Test-ZoneCompliance -Zone no-such-alias -ComputeNode $args[0] -Quiet", HostedSandbox.ComputeNodeName);

        Assert.StartsWith("ZoneNotFound,", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal([false], result.BaseObjects);
    }

    /// <summary>
    /// Records without -ComputeNode go to the one open connection; when there is none to go to, that is their
    /// error, and -Quiet said True for the records that did name a CN.
    /// </summary>
    [TestbedFact]
    public void Quiet_counts_input_that_no_connection_could_take_as_failed()
    {
        // A zone of its own, as New-SafeZone makes it: compliant (the shared zone's limits are other tests' to change).
        var zone = sandbox.CreateZone("fleet-quiet");
        var session = sandbox.Session;
        session.Invoke("Connect-ComputeNode -Local -Name $args[0] | Out-Null", Other).ThrowIfFailed();
        try
        {
            var named = session.Invoke("Test-ZoneCompliance -ComputeNode $args[0] -Zone $args[1] -Quiet", HostedSandbox.ComputeNodeName, zone)
                .ThrowIfFailed();
            var mixed = session.Invoke(
                "[pscustomobject]@{ Zone = $args[1] }, [pscustomobject]@{ Zone = $args[1]; ComputeNode = $args[0] } | Test-ZoneCompliance -Quiet",
                HostedSandbox.ComputeNodeName, zone);

            Assert.Equal([true], named.BaseObjects);
            Assert.StartsWith("ComputeNodeAmbiguous,", mixed.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal([false], mixed.BaseObjects);
        }
        finally
        {
            session.Invoke("Disconnect-ComputeNode -ComputeNode $args[0]", Other).ThrowIfFailed();
        }
    }

    /// <summary>Get-SafeZone and Test-PlatformSupport read a CN named twice twice, and wrote everything twice.</summary>
    [TestbedFact]
    public void A_compute_node_named_twice_is_read_once()
    {
        _ = sandbox.ComputeNode;
        var session = sandbox.Session;
        session.SetVariable("Name", HostedSandbox.ComputeNodeName);

        var once = session.Invoke("@(Get-SafeZone -ComputeNode $Name).Count; @(Test-PlatformSupport -ComputeNode $Name).Count").ThrowIfFailed();
        var twice = session.Invoke(
            "@(Get-SafeZone -ComputeNode $Name, $Name).Count; @(Test-PlatformSupport -ComputeNode $Name, (Get-ComputeNodeConnection -ComputeNode $Name)).Count")
            .ThrowIfFailed();

        Assert.Equal(once.BaseObjects, twice.BaseObjects);
        Assert.Equal(1, once.BaseObjects[1]);
    }

    /// <summary>
    /// Get-/Test-ZoneBootEnvironment kept one zone list per group of CNs: a record asking for every zone of a CN
    /// (a blank Zone cell) after one asking for a single zone of it got that single zone only.
    /// </summary>
    [TestbedFact]
    public void A_record_asking_for_every_zone_is_not_narrowed_by_another_record()
    {
        var cn = sandbox.IllumosComputeNode;
        var zone = "fleet" + Guid.NewGuid().ToString("N")[..6];
        TestbedScript.Run(["illumos-zone", cn.Name, zone]);
        var session = sandbox.Session;

        var every = session.Invoke("Get-ZoneBootEnvironment -ComputeNode $args[0] | ForEach-Object Zone | Sort-Object -Unique",
            HostedSandbox.IllumosComputeNodeName).ThrowIfFailed();
        var piped = session.Invoke(
            "[pscustomobject]@{ ComputeNode = $args[0]; Zone = $args[1] }, [pscustomobject]@{ ComputeNode = $args[0]; Zone = '' } | " +
            "Get-ZoneBootEnvironment | ForEach-Object Zone | Sort-Object -Unique",
            HostedSandbox.IllumosComputeNodeName, zone).ThrowIfFailed();
        var tested = session.Invoke(
            "[pscustomobject]@{ ComputeNode = $args[0]; Zone = $args[1] }, [pscustomobject]@{ ComputeNode = $args[0]; Zone = '' } | " +
            "Test-ZoneBootEnvironment | ForEach-Object Zone | Sort-Object -Unique",
            HostedSandbox.IllumosComputeNodeName, zone).ThrowIfFailed();

        Assert.True(every.BaseObjects.Count > 1, "the illumos CN should have z1 and the new zone");
        Assert.Equal(every.BaseObjects, piped.BaseObjects);
        Assert.Equal(every.BaseObjects, tested.BaseObjects);
    }
}

namespace ZoneDelegation.HostedTests.Errors;

/// <summary>
/// -ErrorAction Stop / SilentlyContinue and -ErrorVariable as a runbook uses them: a per-target
/// failure is non-terminating (the other targets go on), Stop turns it into a catchable error, and
/// -ErrorVariable collects every record, terminating ones included.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ErrorActionTests(HostedSandbox sandbox)
{
    private const string NoZone = "00000000-0000-4000-8000-00000000beef";

    [TestbedFact]
    public void A_missing_zone_is_non_terminating_and_the_next_zone_is_still_read()
    {
        var result = Run(
            """
            $zones = $args[0], $args[1]
            Get-DatasetLimit -Zone $zones -ComputeNode $args[2] -ErrorAction SilentlyContinue -ErrorVariable failed
            'failed:' + ($failed | ForEach-Object FullyQualifiedErrorId)
            """, NoZone, sandbox.Zone);

        Assert.Empty(result.AllErrors);
        Assert.Equal(sandbox.Zone, result.Output[0].Properties["Zone"].Value);
        Assert.Equal("failed:ZoneNotFound,ZoneDelegation.Commands.GetDatasetLimitCommand", result.Output[1].BaseObject);
    }

    [TestbedFact]
    public void ErrorAction_Stop_is_caught_by_try_catch_and_ends_the_command()
    {
        var result = Run(
            """
            try {
                Get-DatasetLimit -Zone $args[0], $args[1] -ComputeNode $args[2] -ErrorAction Stop
                'not reached'
            } catch {
                'caught ' + $_.FullyQualifiedErrorId + ' ' + $_.TargetObject
            }
            """, NoZone, sandbox.Zone);

        Assert.Empty(result.AllErrors);
        Assert.Equal($"caught ZoneNotFound,ZoneDelegation.Commands.GetDatasetLimitCommand {NoZone}", Assert.Single(result.Output).BaseObject);
    }

    [TestbedFact]
    public void A_fan_out_reports_the_failed_CN_and_still_lists_the_good_one()
    {
        var result = Run(
            """
            $zones = @(Get-SafeZone -ComputeNode $args[2], no-such-cn -ErrorAction SilentlyContinue -ErrorVariable failed)
            [pscustomobject]@{ Zones = $zones.Count; Mine = @($zones | Where-Object Uuid -eq $args[1]).Count; Failed = @($failed).Count; Id = "$($failed.FullyQualifiedErrorId)"; Target = "$($failed.TargetObject)" }
            """, null, sandbox.Zone);

        Assert.Empty(result.AllErrors);
        var summary = Assert.Single(result.Output);
        Assert.Equal(1, summary.Properties["Mine"].Value);
        Assert.Equal(1, summary.Properties["Failed"].Value);
        Assert.Equal("ComputeNodeNotConnected,ZoneDelegation.Commands.GetSafeZoneCommand", summary.Properties["Id"].Value);
        Assert.Equal("no-such-cn", summary.Properties["Target"].Value);
    }

    [TestbedFact]
    public void Test_PlatformSupport_Quiet_answers_false_for_a_CN_it_cannot_test()
    {
        var result = Run("Test-PlatformSupport -ComputeNode $args[2], no-such-cn -Quiet -ErrorAction SilentlyContinue -ErrorVariable failed; @($failed).Count", null, null);

        // One Boolean per CN, in the order the CNs answer (the unknown name fails first), then the error count.
        Assert.Empty(result.AllErrors);
        Assert.Equal(3, result.BaseObjects.Count);
        Assert.Equal([false, true], result.BaseObjects.Take(2).Cast<bool>().Order());
        Assert.Equal(1, result.BaseObjects[2]);
    }

    [TestbedFact]
    public void SilentlyContinue_hides_the_error_from_the_stream_but_not_from_Error()
    {
        var result = Run(
            """
            $Error.Clear()
            Get-ZoneSnapshot -Zone $args[0] -ComputeNode $args[2] -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId
            """, NoZone, null);

        Assert.Empty(result.AllErrors);
        Assert.Equal("ZoneNotFound,ZoneDelegation.Commands.GetZoneSnapshotCommand", Assert.Single(result.Output).BaseObject);
    }

    [TestbedFact]
    public void ErrorVariable_collects_a_terminating_error_too()
    {
        // PowerShell keeps a terminating error in -ErrorVariable as the exception; its ErrorRecord is the module's.
        var result = Run(
            """
            try { Set-DatasetLimit -Zone $args[1] -ComputeNode $args[2] -ErrorVariable refused } catch { }
            $refused | ForEach-Object { $_.ErrorRecord.FullyQualifiedErrorId }
            """, null, sandbox.Zone);

        Assert.Equal("InvalidLimitValue,ZoneDelegation.Commands.SetDatasetLimitCommand", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Without_a_handler_a_bad_parameter_stops_only_that_statement()
    {
        // ThrowTerminatingError is statement-terminating: the script goes on, as PowerShell users expect.
        var result = sandbox.Session.Invoke("Set-DelegationPolicy -Path (Join-Path $args[0] x.json) -MinimumPlatform soon -Confirm:$false; 'next statement'", sandbox.WorkDirectory);

        Assert.Equal("InvalidPlatformStamp,ZoneDelegation.Commands.SetDelegationPolicyCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal("next statement", Assert.Single(result.Output).BaseObject);
    }

    private InvocationResult Run(string script, object? first, object? second)
    {
        _ = sandbox.ComputeNode;
        return sandbox.Session.Invoke(script, first, second, HostedSandbox.ComputeNodeName);
    }
}

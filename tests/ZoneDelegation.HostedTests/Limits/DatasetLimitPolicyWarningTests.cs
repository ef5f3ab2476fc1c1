namespace ZoneDelegation.HostedTests.Limits;

/// <summary>
/// Issue 17 item 11: Set-DatasetLimit -SnapshotLimit 5000 above the policy's limit was accepted silently. It is still
/// allowed (the operator decides), with one warning naming the value, the policy's value and how to change the policy.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class DatasetLimitPolicyWarningTests(HostedSandbox sandbox)
{
    [TestbedFact]
    public void A_limit_above_the_policy_is_set_with_a_warning_naming_both_values_and_Set_DelegationPolicy()
    {
        var zone = sandbox.Zone;
        var policy = (long)sandbox.Session.Invoke("(Get-DelegationPolicy).SnapshotLimit").ThrowIfFailed().Output.Single().BaseObject;
        var above = policy + 4872;

        var result = sandbox.Session.Invoke("Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2] -PassThru -Confirm:$false",
            zone, above, HostedSandbox.ComputeNodeName).ThrowIfFailed();

        var warning = Assert.Single(result.Warnings);
        Assert.Contains($"-SnapshotLimit {above}", warning, StringComparison.Ordinal);
        Assert.Contains($"SnapshotLimit {policy}", warning, StringComparison.Ordinal);
        Assert.Contains("SnapshotLimitAbovePolicy", warning, StringComparison.Ordinal);
        Assert.Contains($"Set-DelegationPolicy -SnapshotLimit {above}", warning, StringComparison.Ordinal);
        Assert.Equal(above, sandbox.SnapshotLimit(zone));

        var within = sandbox.Session.Invoke("Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2] -Confirm:$false",
            zone, policy, HostedSandbox.ComputeNodeName).ThrowIfFailed();
        Assert.Empty(within.Warnings);
        Assert.Equal(policy, sandbox.SnapshotLimit(zone));
    }
}

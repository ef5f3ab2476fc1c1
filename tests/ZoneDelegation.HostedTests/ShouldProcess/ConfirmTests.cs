namespace ZoneDelegation.HostedTests.ShouldProcess;

/// <summary>
/// -Confirm and $ConfirmPreference through a host that answers the prompt: the prompt carries the
/// exact command lines, No changes nothing, Yes applies and reads back.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ConfirmTests(HostedSandbox sandbox)
{
    [TestbedFact]
    public void Answering_No_changes_nothing()
    {
        var zone = sandbox.Zone;
        var before = sandbox.SnapshotLimit(zone);

        var result = Confirmed("No", "Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2] -Confirm -PassThru", zone, before + 11);

        var prompt = Assert.Single(sandbox.Host.Prompts);
        Assert.Contains($"LC_ALL=C 'vmadm' 'update' '{zone}' < (stdin payload)", prompt.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(before, sandbox.SnapshotLimit(zone));
    }

    [TestbedFact]
    public void Answering_Yes_applies_and_reads_back()
    {
        var zone = sandbox.Zone;
        var wanted = sandbox.SnapshotLimit(zone) + 13;

        var result = Confirmed("Yes", "Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2] -Confirm -PassThru", zone, wanted);

        Assert.Single(sandbox.Host.Prompts);
        Assert.Equal(wanted, Convert.ToInt64(Assert.Single(result.Output).Properties["SnapshotLimit"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(wanted, sandbox.SnapshotLimit(zone));
    }

    [TestbedFact]
    public void ConfirmPreference_Medium_prompts_for_the_Medium_impact_cmdlets_without_Confirm()
    {
        var zone = sandbox.Zone;
        var before = sandbox.SnapshotLimit(zone);

        Confirmed("No",
            """
            & {
                $ConfirmPreference = 'Medium'   # in a child scope: it must not outlive this test
                Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2]
                New-SafeZone -Alias confirm-no -Brand joyent -ComputeNode $args[2]
            } @args
            """, zone, before + 5);

        Assert.Equal(2, sandbox.Host.Prompts.Count);
        Assert.Contains("'vmadm' 'create'", sandbox.Host.Prompts[1].Message, StringComparison.Ordinal);
        Assert.Equal(before, sandbox.SnapshotLimit(zone));
        var created = sandbox.Session.Invoke("@(Get-SafeZone -Alias confirm-no -ComputeNode $args[0]).Count", HostedSandbox.ComputeNodeName).ThrowIfFailed();
        Assert.Equal(0, (int)created.Output.Single().BaseObject);
    }

    [TestbedFact]
    public void The_default_ConfirmPreference_does_not_prompt_for_Medium_or_Low_impact()
    {
        var zone = sandbox.Zone;
        var wanted = sandbox.SnapshotLimit(zone) + 1;

        Confirmed("No",
            """
            Set-DatasetLimit -Zone $args[0] -SnapshotLimit $args[1] -ComputeNode $args[2]
            Disconnect-ComputeNode -ComputeNode no-such-cn -ErrorAction SilentlyContinue
            """, zone, wanted);

        Assert.Empty(sandbox.Host.Prompts);
        Assert.Equal(wanted, sandbox.SnapshotLimit(zone));
    }

    private InvocationResult Confirmed(string answer, string script, string zone, long limit)
    {
        var session = sandbox.HostedSession;
        sandbox.Host.Clear();
        sandbox.Host.ConfirmAnswer = answer;
        return session.Invoke(script, zone, limit, HostedSandbox.ComputeNodeName).ThrowIfFailed();
    }
}

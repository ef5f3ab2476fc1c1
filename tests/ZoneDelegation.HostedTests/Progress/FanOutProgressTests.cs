using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Progress;

/// <summary>Fan-out over CNs reports progress (done/total, the CN), and is quiet when the user asks.</summary>
[Collection(HostedCollection.Name)]
public sealed class FanOutProgressTests(HostedSandbox sandbox)
{
    [TestbedFact]
    public void A_fan_out_writes_done_of_total_and_completes()
    {
        _ = sandbox.ComputeNode;

        var result = sandbox.Session.Invoke("$ProgressPreference = 'Continue'; Test-PlatformSupport -ComputeNode hosted-cn | Out-Null").ThrowIfFailed();

        var records = result.Progress;
        Assert.Contains(records, r => r.StatusDescription == "1 of 1 compute nodes done" && r.CurrentOperation == HostedSandbox.ComputeNodeName
                                      && r.Activity == "Test-PlatformSupport" && r.PercentComplete == 100);
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
    }

    [TestbedFact]
    public void SilentlyContinue_writes_no_progress()
    {
        _ = sandbox.ComputeNode;

        var result = sandbox.Session.Invoke("$ProgressPreference = 'SilentlyContinue'; Test-PlatformSupport -ComputeNode hosted-cn | Out-Null").ThrowIfFailed();

        Assert.Empty(result.Progress);
    }
}

using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Can this compute node host safe delegated datasets? Probes the platform stamp and the features themselves.</summary>
[Cmdlet(VerbsDiagnostic.Test, "PlatformSupport")]
[OutputType(typeof(PlatformSupport), typeof(bool))]
public sealed class TestPlatformSupportCommand : FleetTestCmdlet<ZoneUuid, PlatformSupport>
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public override ComputeNodeTarget[]? ComputeNode { get; set; }

    /// <summary>A stamp (20150418T000000Z) or a DAPI min_platform object ({"7.0": "..."}); default: the policy's.</summary>
    [Parameter]
    [BlankMeansNotGiven]
    public string? MinimumPlatform { get; set; }

    /// <summary>-Quiet: a Boolean per compute node, as Test-Connection -Quiet gives one per target.</summary>
    protected override bool OneVerdictForAll => false;

    protected override void OnProcessRecord() => RequestComputeNodes();

    protected override void RunTests()
    {
        MinimumPlatform minimum;
        try
        {
            minimum = MinimumPlatform is null
                ? Core.Platform.MinimumPlatform.ForAnyVersion(PolicyAccess.Load(this, null).Policy.MinimumPlatform)
                : Core.Platform.MinimumPlatform.Parse(MinimumPlatform);
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
            return;
        }

        ForEachRequest((connection, _, _) => new[] { PlatformSupportTester.Test(connection, minimum) });
    }

    protected override bool Passed(PlatformSupport result) => result.Supported;
}

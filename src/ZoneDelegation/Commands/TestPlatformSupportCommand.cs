using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>Can this compute node host safe delegated datasets? Probes the platform stamp and the features themselves.</summary>
[Cmdlet(VerbsDiagnostic.Test, "PlatformSupport")]
[OutputType(typeof(PlatformSupport), typeof(bool))]
public sealed class TestPlatformSupportCommand : ZoneDelegationCmdlet
{
    private readonly List<ComputeNodeTarget> targets = [];

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget[]? ComputeNode { get; set; }

    /// <summary>A stamp (20150418T000000Z) or a DAPI min_platform object ({"7.0": "..."}); default: the policy's.</summary>
    [Parameter]
    [BlankMeansNotGiven]
    public string? MinimumPlatform { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    [Parameter]
    [ValidateRangeIfGiven(1, 1000)]
    [BlankMeansNotGiven]
    public int? ThrottleLimit { get; set; }

    protected override void OnProcessRecord() => targets.AddRange(ComputeNode ?? []);

    protected override void OnEndProcessing()
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

        ForEachComputeNode(targets, ThrottleLimit ?? DefaultThrottleLimit, (connection, _) => new[] { PlatformSupportTester.Test(connection, minimum) });
    }

    protected override void WriteOutput(object? output)
    {
        if (Quiet && output is PlatformSupport support)
        {
            WriteObject(support.Supported);
        }
        else
        {
            base.WriteOutput(output);
        }
    }

    protected override void WriteFailure(Exception error)
    {
        base.WriteFailure(error);
        if (Quiet)
        {
            // Test-Connection -Quiet's convention: a CN that could not be tested is not supported.
            WriteObject(false);
        }
    }
}

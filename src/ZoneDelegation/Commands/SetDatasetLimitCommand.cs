using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Sets or clears a zone's snapshot_limit, filesystem_limit and quota on its zone root: through
/// vmadm update (payload on stdin) where the CN has vmadm, else zfs set. Planned first, re-read after.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DatasetLimit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DatasetLimit))]
public sealed class SetDatasetLimitCommand : ZoneDelegationCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uuid", "ZoneUuid")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ZoneCompleter))]
    public string[] Zone { get; set; } = [];

    [Parameter]
    [BlankMeansNotGiven]
    public ulong? SnapshotLimit { get; set; }

    [Parameter]
    [BlankMeansNotGiven]
    public ulong? FilesystemLimit { get; set; }

    /// <summary>Bytes (10GB works); vmadm takes whole GiB.</summary>
    [Parameter]
    [BlankMeansNotGiven]
    public ulong? Quota { get; set; }

    [Parameter]
    [ValidateSetIfGiven("SnapshotLimit", "FilesystemLimit", "Quota")]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    [BlankMeansNotGiven]
    public string[]? Clear { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget? ComputeNode { get; set; }

    private DatasetLimitChange change = null!;

    protected override void BeginProcessing()
    {
        try
        {
            change = DatasetLimitChange.Create(SnapshotLimit, FilesystemLimit, Quota, Clear ?? []);
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var zone in Zone)
        {
            try
            {
                var connection = ResolveComputeNode(ComputeNode);
                var plan = DatasetLimitPlanner.Plan(connection, change.For(ZoneUuid.Parse(zone)));
                foreach (var warning in plan.Warnings)
                {
                    WriteWarning($"{zone}: {warning}");
                }

                if (plan.Plan.IsEmpty)
                {
                    WriteVerbose($"{zone}: the limits are already as requested; nothing to run.");
                    if (PassThru)
                    {
                        WriteObject(plan.Before);
                    }

                    continue;
                }

                if (!ShouldProcess(plan.Plan.Target, plan.Plan.Describe()))
                {
                    continue;
                }

                var readBack = DatasetLimitApplier.Apply(connection, plan);
                if (PassThru)
                {
                    WriteObject(readBack);
                }
            }
            catch (Exception error) when (error is not PipelineStoppedException)
            {
                WriteZoneError(error);
            }
        }
    }
}

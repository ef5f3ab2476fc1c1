using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Sets or clears a zone's snapshot_limit, filesystem_limit and quota on its zone root: through
/// vmadm update (payload on stdin) where the CN has vmadm, else zfs set. Planned first, re-read after.
/// Zones are gathered per compute node: CNs are planned in parallel, ShouldProcess is asked per zone on the
/// pipeline thread, and the approved changes of each CN are applied in parallel up to -ThrottleLimit.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DatasetLimit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DatasetLimit))]
public sealed class SetDatasetLimitCommand : FleetCmdlet<ZoneSelector>
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

    private DatasetLimitChange change = null!;

    protected override void OnBeginProcessing()
    {
        try
        {
            change = DatasetLimitChange.Create(SnapshotLimit, FilesystemLimit, Quota, Clear ?? []);
        }
        catch (ZoneDelegationException error)
        {
            ThrowZoneError(error);
        }

        WarnAgainstPolicy();
    }

    /// <summary>Once per command: a limit above the policy's, or cleared, is allowed but the audit will report it.</summary>
    private void WarnAgainstPolicy()
    {
        DelegationPolicy policy;
        try
        {
            policy = PolicyAccess.Load(this, null).Policy;
        }
        catch (ZoneDelegationException error)
        {
            // The change does not need the policy; only the warning does.
            WriteVerbose("The delegation policy could not be read, so the limits were not compared with it: " + error.Message);
            return;
        }

        foreach (var warning in LimitChangeReview.Warnings(change, policy))
        {
            WriteWarning(warning);
        }
    }

    protected override void OnProcessRecord() => Request(Zone, ZoneNames.Parse);

    protected override void OnEndProcessing() =>
        PlanThenApply<DatasetLimitPlan>(
            (connection, zones) => ZoneNames.Resolve(connection, zones, oneZoneEach: true,
                uuids => EachZone(uuids!, zone => new[] { DatasetLimitPlanner.Plan(connection, change.For(zone)) })),
            Decide,
            Apply);

    protected override void WriteZoneOutput(object? output)
    {
        // The read-back of each change is output only with -PassThru.
        if (output is not DatasetLimit || PassThru)
        {
            base.WriteZoneOutput(output);
        }
    }

    private static IEnumerable<object> Apply(ComputeNodeConnection connection, IReadOnlyList<DatasetLimitPlan> plans)
    {
        foreach (var plan in plans)
        {
            object result;
            try
            {
                result = DatasetLimitApplier.Apply(connection, plan);
            }
            catch (ZoneDelegationException error)
            {
                result = error;
            }

            yield return result;
        }
    }

    /// <returns>The plan to apply, or null when nothing is to run.</returns>
    private DatasetLimitPlan? Decide(DatasetLimitPlan plan)
    {
        var zone = plan.Request.Zone.Value;
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

            return null;
        }

        return ShouldProcess(plan.Plan.Target, plan.Plan.Describe()) ? plan : null;
    }
}

using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// What the state-changing zone BE cmdlets share: per pipeline record, read the zone, plan in Core, show
/// the warnings, ShouldProcess with the exact commands, apply with read-back, write what the cmdlet reports.
/// </summary>
public abstract class ZoneBootEnvironmentCmdlet : PerRecordCmdlet
{
    /// <summary>The note the activating cmdlets attach to their output.</summary>
    protected const string NextBootNote = "Takes effect at the zone's next boot (zoneadm -z <zone> reboot).";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BootEnvironmentZoneCompleter))]
    public string Zone { get; set; } = string.Empty;

    /// <summary>Plans the change from the zone's current state (throws a Core refusal to change nothing).</summary>
    protected abstract BootEnvironmentPlan Plan(ZoneBootEnvironmentState state);

    /// <summary>What to write after a successful change, or when there was nothing to change.</summary>
    protected abstract IEnumerable<object> Report(ZoneBootEnvironmentState state, BootEnvironmentPlan plan, bool changed);

    protected override void OnProcessRecord()
    {
        try
        {
            var connection = ResolveComputeNode();
            var state = ZoneBootEnvironmentStateReader.Read(connection, Zone);
            var plan = Plan(state);
            WriteNotices();
            foreach (var warning in plan.Warnings)
            {
                WriteWarning($"{state.Zone.Name}: {warning}");
            }

            if (plan.Plan.IsEmpty)
            {
                WriteVerbose($"{state.Zone.Name}: {plan.Plan.Summary} Nothing to run.");
                WriteReport(Report(state, plan, changed: false));
                return;
            }

            if (!ShouldProcess(plan.Plan.Target, plan.Plan.Describe()))
            {
                return;
            }

            var after = BootEnvironmentApplier.Apply(connection, plan);
            WriteReport(Report(after, plan, changed: true));
        }
        catch (Exception error) when (error is not PipelineStoppedException)
        {
            WriteZoneError(error);
        }
    }

    /// <summary>The BE as it is now, with a note, for the cmdlets that write one BE.</summary>
    protected static IEnumerable<object> Describe(ZoneBootEnvironmentState state, string? name, string? note)
    {
        if (name is not null && state.FindRoot(name) is { } root)
        {
            yield return ZoneBootEnvironmentLister.Describe(state, root) with { Note = note };
        }
    }

    private void WriteReport(IEnumerable<object> outputs)
    {
        foreach (var output in outputs)
        {
            WriteObject(output);
        }
    }
}

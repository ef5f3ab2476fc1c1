using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// For cmdlets that change one zone at a time (New-, Restore-, Remove-ZoneSnapshot, Update-ZoneImage): the one
/// way they all work, on the CN each record names: plan, show the plan to ShouldProcess (-WhatIf prints its
/// exact commands), apply, write the read-back. A zone's failure is that zone's error record; the next input goes on.
/// </summary>
public abstract class ZoneChangeCmdlet : PerRecordCmdlet
{
    /// <param name="plan">Reads the zone and plans the change; changes nothing.</param>
    /// <param name="apply">Runs the plan and reads back; its result, if any, is written.</param>
    /// <param name="beforeAsking">Writes what the user should see before being asked (warnings).</param>
    protected void PlanAndApply<TPlan>(Func<ComputeNodeConnection, TPlan> plan, Func<ComputeNodeConnection, TPlan, object?> apply,
        Action<TPlan>? beforeAsking = null)
        where TPlan : IPlannedChange
    {
        try
        {
            var connection = ResolveComputeNode();
            var planned = plan(connection);

            // The commands the plan read, then its warnings, then the question (WriteWarning and ShouldProcess write them first).
            beforeAsking?.Invoke(planned);
            if (ShouldProcess(planned.Plan.Target, planned.Plan.Describe()) && apply(connection, planned) is { } result)
            {
                WriteObject(result);
            }
        }
        catch (Exception error) when (error is not PipelineStoppedException)
        {
            WriteZoneError(error);
        }
    }
}

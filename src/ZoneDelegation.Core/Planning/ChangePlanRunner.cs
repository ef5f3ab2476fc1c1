using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Planning;

/// <summary>
/// Runs a plan's commands in order on its compute node; the first failure stops it and is thrown.
/// Every step is marked <see cref="NativeCommand.ChangesState"/>: a write is never killed mid-way,
/// on a timeout or Ctrl+C it is reported as possibly still running (CommandMayStillBeRunning).
/// </summary>
public static class ChangePlanRunner
{
    public static IReadOnlyList<CommandResult> Apply(ICommandTransport transport, ChangePlan plan)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<CommandResult>(plan.Steps.Count);
        foreach (var step in plan.Steps)
        {
            results.Add(transport.Run(step.Command with { ChangesState = true }).Result);
        }

        return results;
    }

    /// <summary>
    /// Runs the steps in order and stops at the first failure, saying how many steps completed before it,
    /// so a caller can report which steps ran and what state they left behind (Restore-ZoneSnapshot).
    /// </summary>
    public static (int Completed, ZoneDelegationException? Failure) ApplyUntilFailure(ICommandTransport transport, ChangePlan plan)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(plan);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            try
            {
                transport.Run(plan.Steps[i].Command);
            }
            catch (ZoneDelegationException failure)
            {
                return (i, failure);
            }
        }

        return (plan.Steps.Count, null);
    }
}

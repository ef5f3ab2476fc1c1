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
}

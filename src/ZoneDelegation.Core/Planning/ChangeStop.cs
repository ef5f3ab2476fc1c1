using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Planning;

/// <summary>
/// The error of a change stopped by Ctrl+C (or a stopped pipeline) between two of its steps: which steps
/// completed, which never started, and what was read back afterwards. The operator must never be left to
/// guess what a half-run change left in place.
/// </summary>
public static class ChangeStop
{
    /// <param name="plan">The plan that was stopped.</param>
    /// <param name="completed">How many steps completed; the next one never started.</param>
    /// <param name="readBack">What is in place now, as a sentence; null when nothing was read.</param>
    public static ZoneDelegationException Error(ChangePlan plan, int completed, string? readBack)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ran = completed == 0
            ? "No step had run."
            : "Completed: " + string.Join("; ", plan.Steps.Take(completed).Select((s, i) => $"{i + 1}. {s.Command.CommandLine}")) + ".";
        var notRun = "Not run: " + string.Join("; ", plan.Steps.Skip(completed).Select((s, i) => $"{completed + i + 1}. {s.Command.CommandLine}")) + ".";
        return new ZoneDelegationException(ErrorIds.ChangeStopped, ZoneErrorCategory.OperationStopped,
            $"The change to {plan.Target} on {plan.ComputeNode} was stopped before step {completed + 1} of {plan.Steps.Count} started " +
            $"({plan.Summary}). {ran} {notRun}" + (readBack is null ? string.Empty : " " + readBack),
            plan.Target,
            "Nothing more was run. Check what is in place now (the Get- cmdlet for it), then run the command again: it plans only what is still missing.");
    }

    /// <summary>The state read back after the stop, compared with the plan; never throws for a read that fails.</summary>
    public static string DescribeReadBack<TState>(Func<TState> readBack, Func<TState, IReadOnlyList<string>> differences)
    {
        ArgumentNullException.ThrowIfNull(readBack);
        ArgumentNullException.ThrowIfNull(differences);
        try
        {
            var found = differences(readBack());
            return found.Count == 0
                ? "Read back: everything is as planned."
                : "Read back, not as planned yet: " + string.Join("; ", found) + ".";
        }
        catch (Exception error) when (error is ZoneDelegationException or OperationCanceledException)
        {
            return "What is in place now could not be read back: " + error.Message;
        }
    }
}

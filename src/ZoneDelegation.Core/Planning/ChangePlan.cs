using System.Text;

namespace ZoneDelegation.Core.Planning;

/// <summary>
/// Every change is a plan first: the ordered native commands for one target on one compute node.
/// -WhatIf prints <see cref="Describe"/> (the exact command lines) and runs nothing; ShouldProcess is
/// asked once per plan with the same text.
/// </summary>
public sealed class ChangePlan
{
    public ChangePlan(string computeNode, string target, string summary, IReadOnlyList<PlannedCommand> steps)
    {
        ArgumentException.ThrowIfNullOrEmpty(computeNode);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ComputeNode = computeNode;
        Target = target;
        Summary = summary;
        Steps = steps ?? throw new ArgumentNullException(nameof(steps));
    }

    public string ComputeNode { get; }

    /// <summary>What changes, e.g. "zone 7b1c… (zones/7b1c…)".</summary>
    public string Target { get; }

    /// <summary>One sentence: what the plan does.</summary>
    public string Summary { get; }

    public IReadOnlyList<PlannedCommand> Steps { get; }

    /// <summary>True when the target already is as requested: nothing to run.</summary>
    public bool IsEmpty => Steps.Count == 0;

    /// <summary>The ShouldProcess action text: the summary, then each command line on the CN.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Summary);
        foreach (var step in Steps)
        {
            text.Append("\n  [").Append(ComputeNode).Append("] ").Append(step.Command.CommandLine).Append("   # ").Append(step.Description);
        }

        return text.ToString();
    }

    public override string ToString() => Describe();
}

using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>The working set of one planner run: steps, warnings, the simulated tree, and promises to verify.</summary>
internal sealed class BootEnvironmentPlanning(ZoneBootEnvironmentState state)
{
    public ZoneBootEnvironmentState State { get; } = state;

    public CloneForest Forest { get; } = new(state);

    public List<PlannedCommand> Steps { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<Action<BootEnvironmentExpectation>> Promises { get; } = [];

    /// <summary>The filesystems whose zoned the plan turns off, parents first (see <see cref="BootEnvironmentEscapeGuard"/>).</summary>
    public List<string> Unzoned { get; } = [];

    public BootEnvironmentPlan Finish(string summary, string? bootEnvironment)
    {
        RequireDestroysInsideContainer();
        var expected = new BootEnvironmentExpectation(Forest);
        foreach (var promise in Promises)
        {
            promise(expected);
        }

        var target = $"zone {State.Zone.Name} ({State.Container.Value})";
        return new BootEnvironmentPlan(new ChangePlan(State.ComputeNode, target, summary, Steps.ToList()), Warnings.ToList(), State,
            expected, bootEnvironment, Unzoned.ToList());
    }

    /// <summary>
    /// The last line of defence: a BE plan changes one zone's BE container, so a destroy of anything
    /// outside it (another zone's snapshot, whatever a read was made to believe) is refused, changing nothing.
    /// </summary>
    private void RequireDestroysInsideContainer()
    {
        var inside = State.Container.Value + "/";
        foreach (var step in Steps.Where(s => s.Command.Arguments is ["destroy", ..]))
        {
            var target = step.Command.Arguments[^1];
            if (!target.StartsWith(inside, StringComparison.Ordinal))
            {
                throw new ZoneDelegationException(ErrorIds.DestroyOutsideContainer, ZoneErrorCategory.SecurityError,
                    $"The plan for zone '{State.Zone.Name}' would destroy {target}, which is not below its BE container " +
                    $"{State.Container}; it is refused. Nothing was changed.", target,
                    $"Look at {target} and at the BEs of zone '{State.Zone.Name}' with Get-ZoneBootEnvironment -ComputeNode {State.ComputeNode} -Zone {State.Zone.Name} | Format-List Name, Dataset, Origin, Clones.");
            }
        }
    }

    public IReadOnlyList<string> MemberNames(string name) => State.Members(name).Select(fs => fs.Name).ToList();
}

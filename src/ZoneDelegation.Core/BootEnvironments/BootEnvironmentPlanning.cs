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

    public BootEnvironmentPlan Finish(string summary, string? bootEnvironment)
    {
        var expected = new BootEnvironmentExpectation(Forest);
        foreach (var promise in Promises)
        {
            promise(expected);
        }

        var target = $"zone {State.Zone.Name} ({State.Container.Value})";
        return new BootEnvironmentPlan(new ChangePlan(State.ComputeNode, target, summary, Steps.ToList()), Warnings.ToList(), State,
            expected, bootEnvironment);
    }

    public IReadOnlyList<string> MemberNames(string name) => State.Members(name).Select(fs => fs.Name).ToList();
}

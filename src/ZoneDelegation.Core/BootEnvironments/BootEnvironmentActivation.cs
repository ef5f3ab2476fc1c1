using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// The steps of activating a zone BE, as libbe's be_activate does them: promote each of the BE's datasets
/// up its clone chain until it has no origin (be_promote_ds_callback, root first, then its children), then
/// set active=on on it and active=off on every other BE of the booted global BE that is on. Shared by
/// Enable-, Repair- and New-ZoneBootEnvironment -Activate; runs on the planner's <see cref="CloneForest"/>.
/// </summary>
internal static class BootEnvironmentActivation
{
    public static void Append(ZoneBootEnvironmentState state, CloneForest forest, string name, IReadOnlyList<string> members,
        bool alreadyActive, List<PlannedCommand> steps, List<string> warnings, List<Action<BootEnvironmentExpectation>> promises)
    {
        var container = state.Container.Value + "/";
        foreach (var dataset in members)
        {
            // Each promote moves the dataset one step up; the chain is finite, so is the loop.
            for (var guard = 0; forest.OriginOf(dataset) is { } origin; guard++)
            {
                if (!origin.StartsWith(container, StringComparison.Ordinal))
                {
                    warnings.Add($"{dataset} stays a clone of {origin}, which is outside the zone's BE container; " +
                                 "it is not promoted (that would move another dataset's snapshots into this zone).");
                    break;
                }

                var outcome = forest.TryPromote(dataset);
                if (outcome.Collision is not null)
                {
                    throw BootEnvironmentRefusals.Collision(state, outcome);
                }

                forest.Promote(dataset);
                steps.Add(BeCommands.Promote(dataset,
                    $"promote {dataset}: snapshots {BootEnvironmentProperties.List(outcome.Moved)} move from {outcome.OriginFilesystem} to it " +
                    $"(their clones follow), {outcome.OriginFilesystem} becomes its clone"));
                if (guard > 10_000)
                {
                    throw new InvalidOperationException($"promote chain of {dataset} does not end.");
                }
            }
        }

        var root = members[0];
        if (!alreadyActive)
        {
            steps.Add(BeCommands.Set(root, BootEnvironmentProperties.Active, BootEnvironmentProperties.On,
                $"make '{name}' the zone's boot environment for the booted global BE '{state.Globals.Current.Name}' (at the zone's next boot)"));
        }

        foreach (var other in state.ActiveForCurrent.Where(fs => fs.Name != root))
        {
            steps.Add(BeCommands.Set(other.Name, BootEnvironmentProperties.Active, "off",
                $"'{state.BootEnvironmentOf(other.Name)}' is no longer active, so exactly one is"));
        }

        promises.Add(expected => expected.Property(root, BootEnvironmentProperties.Active, BootEnvironmentProperties.On, local: true)
            .Check(after =>
            {
                var active = after.ActiveForCurrent.Select(fs => fs.Name).ToList();
                return active.Count == 1 && active[0] == root
                    ? null
                    : $"the BEs active for the booted global BE are [{BootEnvironmentProperties.List(active)}], expected [{root}]";
            }));
    }
}

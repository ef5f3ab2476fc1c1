using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>Enable-ZoneBootEnvironment: make one BE of the booted global BE the zone's boot environment.</summary>
internal static class BootEnvironmentActivationPlanner
{
    public static BootEnvironmentPlan Plan(ZoneBootEnvironmentState state, string name)
    {
        ArgumentNullException.ThrowIfNull(state);
        name = BootEnvironmentName.Parse(name);
        var root = state.RequireRoot(name);
        if (!state.Globals.IsCurrent(ZoneBootEnvironmentState.ParentBe(root)))
        {
            throw BootEnvironmentRefusals.NotOfCurrent(state, root);
        }

        var planning = new BootEnvironmentPlanning(state);
        BootEnvironmentActivation.Append(state, planning.Forest, name, planning.MemberNames(name),
            alreadyActive: ZoneBootEnvironmentState.IsActive(root), planning.Steps, planning.Warnings, planning.Promises);
        return planning.Finish(
            $"Activate boot environment '{name}' of zone '{state.Zone.Name}' for the booted global BE '{state.Globals.Current.Name}'; " +
            "it takes effect at the zone's next boot.", name);
    }
}

/// <summary>
/// Repair-ZoneBootEnvironment: a zone that cannot boot (no BE, or several, active for the booted global BE)
/// gets exactly one. The rule without -Name: when no BE is active and exactly one BE belongs to the booted
/// global BE, that one; otherwise (several candidates, or several active) the operator names it.
/// </summary>
internal static class BootEnvironmentRepairPlanner
{
    public static BootEnvironmentPlan Plan(ZoneBootEnvironmentState state, string? name, bool force)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (name is not null)
        {
            name = BootEnvironmentName.Parse(name);
        }

        var active = state.ActiveForCurrent;
        if (active.Count == 1 && (name is null || state.BootEnvironmentOf(active[0].Name) == name))
        {
            return new BootEnvironmentPlanning(state).Finish(
                $"Zone '{state.Zone.Name}' is bootable: '{state.BootEnvironmentOf(active[0].Name)}' is its one active boot environment; nothing to repair.",
                state.BootEnvironmentOf(active[0].Name));
        }

        if (state.Zone.IsInUse && !force)
        {
            throw new ZoneDelegationException(ErrorIds.ZoneRunning, ZoneErrorCategory.ResourceUnavailable,
                $"Zone '{state.Zone.Name}' on {state.ComputeNode} is {state.Zone.State}; its boot environments are not repaired while " +
                "its root is in use. Nothing was changed.", state.Zone.Name,
                "Halt the zone first (zoneadm -z <zone> halt), or pass -Force to change only the properties read at its next boot.");
        }

        if (name is null)
        {
            var candidates = active.Count == 0
                ? state.Roots.Where(root => state.Globals.IsCurrent(ZoneBootEnvironmentState.ParentBe(root))).ToList()
                : active.ToList();
            if (active.Count > 0 || candidates.Count != 1)
            {
                var names = candidates.Select(fs => state.BootEnvironmentOf(fs.Name)).ToList();
                throw new ZoneDelegationException(ErrorIds.NoObviousBootEnvironment, ZoneErrorCategory.InvalidOperation,
                    $"Zone '{state.Zone.Name}' on {state.ComputeNode} has {active.Count} active boot environments for the booted global BE " +
                    $"'{state.Globals.Current.Name}' and {(names.Count == 0 ? "no candidate" : "the candidates " + string.Join(", ", names))}; " +
                    "there is no obvious one to make active. Nothing was changed.", state.Zone.Name,
                    names.Count == 0
                        ? "Create one for the booted global BE with New-ZoneBootEnvironment -Source <BE> -Name <new> -Activate."
                        : $"Name the one to boot: Repair-ZoneBootEnvironment -Zone {state.Zone.Name} -Name {names[0]}.");
            }

            name = state.BootEnvironmentOf(candidates[0].Name);
        }

        var plan = BootEnvironmentActivationPlanner.Plan(state, name);
        return plan;
    }
}

using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// New-ZoneBootEnvironment, as libbe's be_copy clones a BE: a recursive snapshot of the source named after
/// the new BE, a clone of each of its datasets with canmount=noauto (and a local mountpoint copied where
/// zfs allows it from the global zone), parentbe = the booted global BE's uuid, active=off, and the
/// source's policy copied. With -Activate the activation steps follow.
/// </summary>
internal static class BootEnvironmentCreationPlanner
{
    public static BootEnvironmentPlan Plan(ZoneBootEnvironmentState state, string name, string? source, bool activate)
    {
        ArgumentNullException.ThrowIfNull(state);
        name = BootEnvironmentName.Parse(name);
        if (state.FindRoot(name) is { } existing)
        {
            throw new ZoneDelegationException(ErrorIds.BootEnvironmentExists, ZoneErrorCategory.ResourceExists,
                $"Zone '{state.Zone.Name}' on {state.ComputeNode} already has a boot environment '{name}' ({existing.Name}). Nothing was changed.",
                existing.Name, "Choose another -Name; Get-ZoneBootEnvironment lists the names in use.");
        }

        var sourceRoot = source is not null ? state.RequireRoot(BootEnvironmentName.Parse(source)) : ActiveSource(state);
        var sourceName = state.BootEnvironmentOf(sourceRoot.Name);
        var planning = new BootEnvironmentPlanning(state);
        var sourceMembers = state.Members(sourceName);
        var taken = sourceMembers.Where(fs => planning.Forest.HasSnapshot(fs.Name + "@" + name)).Select(fs => fs.Name + "@" + name).ToList();
        if (taken.Count > 0)
        {
            throw new ZoneDelegationException(ErrorIds.SnapshotNameCollision, ZoneErrorCategory.ResourceExists,
                $"The snapshot the new boot environment is cloned from already exists: {string.Join(", ", taken)}. Nothing was changed.",
                taken[0], $"Choose another -Name, or rename that snapshot (zfs rename {taken[0]} {taken[0]}-old).");
        }

        var newRoot = state.Container.Child(name).Value;
        planning.Steps.Add(BeCommands.SnapshotRecursive(sourceRoot.Name + "@" + name, $"the point in time '{name}' starts from"));
        var newMembers = new List<string>();
        foreach (var fs in sourceMembers)
        {
            var target = newRoot + fs.Name[sourceRoot.Name.Length..];
            planning.Forest.AddSnapshot(fs.Name, name);
            planning.Forest.AddClone(fs.Name + "@" + name, target);
            newMembers.Add(target);
            var properties = new List<(string, string)> { ("canmount", "noauto") };
            if (fs.Row("mountpoint") is { Source.Kind: ZfsPropertySourceKind.Local } mountpoint && fs.Properties.GetText("zoned") != "on")
            {
                properties.Add(("mountpoint", mountpoint.Value));
            }

            if (fs.Name == sourceRoot.Name)
            {
                properties.Add((BootEnvironmentProperties.ParentBe, state.Globals.CurrentUuid));
                properties.Add((BootEnvironmentProperties.Active, "off"));
                if (fs.Local(BootEnvironmentProperties.Policy) is { } policy)
                {
                    properties.Add((BootEnvironmentProperties.Policy, policy));
                }
            }

            planning.Steps.Add(BeCommands.Clone(fs.Name + "@" + name, target, properties,
                fs.Name == sourceRoot.Name ? $"the root of '{name}', for the booted global BE '{state.Globals.Current.Name}'" : $"a dataset of '{name}'"));
        }

        planning.Promises.Add(expected => expected.Property(newRoot, BootEnvironmentProperties.ParentBe, state.Globals.CurrentUuid, local: true));
        if (activate)
        {
            BootEnvironmentActivation.Append(state, planning.Forest, name, newMembers, alreadyActive: false, planning.Steps, planning.Warnings,
                planning.Promises);
        }
        else
        {
            planning.Promises.Add(expected => expected.Property(newRoot, BootEnvironmentProperties.Active, "off", local: true));
        }

        return planning.Finish(
            $"Create boot environment '{name}' of zone '{state.Zone.Name}' from '{sourceName}'" +
            (activate ? " and activate it (it takes effect at the zone's next boot)." : "; it is not active."), name);
    }

    private static BeFilesystem ActiveSource(ZoneBootEnvironmentState state)
    {
        var active = state.ActiveForCurrent;
        return active.Count == 1
            ? active[0]
            : throw new ZoneDelegationException(ErrorIds.NoObviousBootEnvironment, ZoneErrorCategory.InvalidOperation,
                $"Zone '{state.Zone.Name}' has {active.Count} active boot environments for the booted global BE, so the source is not " +
                "obvious. Nothing was changed.", state.Zone.Name, "Name the source with -Source <BE name>.");
    }
}

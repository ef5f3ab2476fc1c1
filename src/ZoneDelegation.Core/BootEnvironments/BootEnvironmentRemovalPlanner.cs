using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Remove-ZoneBootEnvironment, "destroy and promote as necessary" as libbe's _be_destroy does it:
/// first demote each of the BE's datasets (be_demote_callback: promote the clone of its youngest snapshot
/// that has one, a clone inside a BE container first, then any other), so every dependent clone lives on;
/// then destroy the BE depth first, each dataset's remaining snapshots before it; then the snapshot the BE
/// was cloned from, if nothing else uses it. Never <c>-R</c>, never <c>-r</c>. Refuses, changing nothing:
/// the BE the booted global BE boots; a BE another existing global BE boots (unless forced); a clone
/// outside the zone; a promote whose snapshot names collide; a held snapshot it would destroy.
/// </summary>
internal static class BootEnvironmentRemovalPlanner
{
    public static BootEnvironmentPlan Plan(ZoneBootEnvironmentState state, string name, bool force)
    {
        ArgumentNullException.ThrowIfNull(state);
        name = BootEnvironmentName.Parse(name);
        var root = state.RequireRoot(name);
        var parent = ZoneBootEnvironmentState.ParentBe(root);
        var active = ZoneBootEnvironmentState.IsActive(root);
        if (active && state.Globals.IsCurrent(parent))
        {
            throw new ZoneDelegationException(ErrorIds.BootEnvironmentActive, ZoneErrorCategory.InvalidOperation,
                $"Boot environment '{name}' is the one zone '{state.Zone.Name}' boots from with the booted global BE " +
                $"'{state.Globals.Current.Name}'; it is not removed. Nothing was changed.", root.Name,
                $"Activate another one first: Enable-ZoneBootEnvironment -Zone {state.Zone.Name} -Name <other BE>.");
        }

        if (active && state.Globals.ByUuid(parent) is { } other && !force)
        {
            throw new ZoneDelegationException(ErrorIds.BootEnvironmentNeededByGlobal, ZoneErrorCategory.InvalidOperation,
                $"Boot environment '{name}' is the one zone '{state.Zone.Name}' boots from when the CN boots the global BE " +
                $"'{other.Name}'; removing it leaves that global BE unable to boot the zone. Nothing was changed.", root.Name,
                $"Destroy the global BE with beadm first, or pass -Force if '{other.Name}' will never boot again.");
        }

        var planning = new BootEnvironmentPlanning(state);
        var members = planning.MemberNames(name);
        var memberSet = members.ToHashSet(StringComparer.Ordinal);
        var zonePrefix = state.ZonePathDataset.Value + "/";
        var outside = state.ClonesOf(memberSet).Where(c => !c.Clone.StartsWith(zonePrefix, StringComparison.Ordinal)).ToList();
        if (outside.Count > 0)
        {
            throw new ZoneDelegationException(ErrorIds.CloneOutsideZone, ZoneErrorCategory.InvalidOperation,
                $"Boot environment '{name}' of zone '{state.Zone.Name}' has clones outside the zone: " +
                string.Join(", ", outside.Select(c => $"{c.Clone} (of {c.Origin})")) + ". Promoting them would move the zone's " +
                "snapshots out of the zone; it is not removed. Nothing was changed.", outside[0].Clone,
                "Promote or destroy those clones yourself first (zfs promote <clone>), then run the command again.");
        }

        Demote(planning, members, memberSet);
        Destroy(planning, name, members, memberSet);
        return planning.Finish(
            $"Remove boot environment '{name}' of zone '{state.Zone.Name}': promote its dependent clones, then destroy it depth first.", name);
    }

    private static void Demote(BootEnvironmentPlanning planning, IReadOnlyList<string> members, HashSet<string> memberSet)
    {
        var forest = planning.Forest;
        var container = planning.State.Container.Value + "/";
        foreach (var dataset in members)
        {
            // Pass 1 keeps the BE tree coordinated (a clone that is itself in a BE container); pass 2 any other clone.
            foreach (var inBootEnvironment in new[] { true, false })
            {
                var chosen = forest.Snapshots(dataset).Reverse()
                    .Select(snap => (Snap: snap, Clones: forest.ClonesOf(dataset + "@" + snap.ShortName)
                        .Where(c => !memberSet.Contains(c) && c.StartsWith(container, StringComparison.Ordinal) == inBootEnvironment).ToList()))
                    .FirstOrDefault(candidate => candidate.Clones.Count > 0);
                if (chosen.Clones is not { Count: > 0 })
                {
                    continue;
                }

                var clone = chosen.Clones[0];
                var outcome = forest.TryPromote(clone);
                if (outcome.Collision is not null)
                {
                    throw BootEnvironmentRefusals.Collision(planning.State, outcome);
                }

                forest.Promote(clone);
                planning.Steps.Add(BeCommands.Promote(clone,
                    $"keep {clone} alive: snapshots {BootEnvironmentProperties.List(outcome.Moved.Select(s => dataset + "@" + s))} move to " +
                    $"{clone} (as {BootEnvironmentProperties.List(outcome.Moved.Select(s => clone + "@" + s))}), their other clones follow"));
            }
        }
    }

    private static void Destroy(BootEnvironmentPlanning planning, string name, IReadOnlyList<string> members, HashSet<string> memberSet)
    {
        var forest = planning.Forest;
        var held = new List<string>();
        var origins = members.Select(forest.OriginOf).OfType<string>()
            .Where(origin => !memberSet.Contains(origin[..origin.IndexOf('@')])).Distinct(StringComparer.Ordinal).ToList();
        foreach (var dataset in members.Reverse())
        {
            foreach (var snap in forest.Snapshots(dataset).Reverse().ToList())
            {
                var full = dataset + "@" + snap.ShortName;
                var dependents = forest.ClonesOf(full).Where(c => !memberSet.Contains(c)).ToList();
                if (dependents.Count > 0)
                {
                    throw new InvalidOperationException($"{full} still has clones {string.Join(", ", dependents)} after the demote.");
                }

                if (snap.UserRefs > 0)
                {
                    held.Add($"{full} ({snap.UserRefs} hold{(snap.UserRefs == 1 ? "" : "s")})");
                }

                forest.DestroySnapshot(full);
                planning.Steps.Add(BeCommands.DestroySnapshot(full, $"a snapshot of '{name}' that no clone needs"));
            }

            forest.DestroyFilesystem(dataset);
            planning.Steps.Add(BeCommands.DestroyFilesystem(dataset, $"destroy {(dataset == members[0] ? "the root" : "a dataset")} of '{name}'"));
        }

        var container = planning.State.Container.Value + "/";
        foreach (var origin in origins)
        {
            if (forest.ClonesOf(origin).Count > 0 || !forest.HasSnapshot(origin))
            {
                continue;
            }

            if (!origin.StartsWith(container, StringComparison.Ordinal))
            {
                // A BE cloned from elsewhere (zoneadm clone of another zone): that snapshot is not this zone's to destroy.
                planning.Warnings.Add($"'{name}' was cloned from {origin}, outside the zone's BE container {planning.State.Container}; it is kept.");
                continue;
            }

            if (forest.Snapshot(origin)!.UserRefs is var refs and > 0)
            {
                held.Add($"{origin} ({refs} hold{(refs == 1 ? "" : "s")})");
            }

            forest.DestroySnapshot(origin);
            planning.Steps.Add(BeCommands.DestroySnapshot(origin, $"the snapshot '{name}' was cloned from; nothing else uses it now"));
        }

        if (held.Count > 0)
        {
            throw new ZoneDelegationException(ErrorIds.SnapshotHeld, ZoneErrorCategory.InvalidOperation,
                $"Removing boot environment '{name}' of zone '{planning.State.Zone.Name}' would destroy held snapshots: " +
                string.Join(", ", held) + ". Nothing was changed.", held[0],
                "See the holds with zfs holds <snapshot> and release them (zfs release <tag> <snapshot>) if they are no longer needed.");
        }
    }
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Protect-ZoneBootEnvironment sets zoned=off on a BE's filesystems. One the zone admin creates below them
/// between our read and that <c>zfs set</c> was not in the plan: it inherits zoned=off but keeps the mountpoint
/// and canmount the zone chose, so it would mount in the global zone. After the change, every filesystem
/// below the ones the plan unzoned is checked on the state read back (names from the structure listing,
/// mountpoints read per dataset, never rows of tenant values). One the plan did not know that can mount
/// (canmount not off, mountpoint neither legacy nor none) is an escape: the BE's filesystems the plan unzoned are
/// put back exactly as the planner read them before the change (zoned again, mountpoint and canmount as they
/// were, no saved.* values left, so a later Protect saves the real originals) and the change fails with
/// ZoneDatasetEscapedProtection.
/// </summary>
internal static class BootEnvironmentEscapeGuard
{
    /// <returns><paramref name="after"/> when nothing escaped.</returns>
    public static ZoneBootEnvironmentState Check(ComputeNodeConnection connection, BootEnvironmentPlan plan, ZoneBootEnvironmentState after)
    {
        var escapes = Escapes(plan, after);
        if (escapes.Count == 0)
        {
            return after;
        }

        var reached = escapes.Select(escape => after.BootEnvironmentOf(escape.Name)).ToHashSet(StringComparer.Ordinal);
        var rezone = plan.Unzoned.Where(unzoned => reached.Contains(after.BootEnvironmentOf(unzoned))).ToList();
        var undo = new ChangePlan(after.ComputeNode, plan.Plan.Target, "Put the boot environments a dataset escaped from back as they were before.",
            Undo(plan.Before, rezone).ToList());
        string undone;
        try
        {
            VerifiedChange.Run(connection.Transport, undo);
            undone = $"{string.Join(", ", rezone)} {(rezone.Count == 1 ? "was" : "were")} put back as read before the change " +
                     "(mountpoint, zoned, canmount; no saved values left), so the zone can reach them again.";
        }
        catch (ZoneDelegationException error)
        {
            undone = $"Putting {string.Join(", ", rezone)} back as before FAILED ({error.Message}): {Rezone(connection, after, rezone)}";
        }

        var first = escapes[0];
        throw new ZoneDelegationException(ErrorIds.ZoneDatasetEscapedProtection, ZoneErrorCategory.SecurityError,
            $"While the boot environments of zone '{after.Zone.Name}' on {after.ComputeNode} were being protected, " +
            $"{string.Join(", ", escapes.Select(Describe))} appeared below them, created in the zone after they were read. " +
            $"With zoned=off it would mount in the global zone. {undone}",
            first.Name,
            $"Look at {first.Name} (zfs get mountpoint,canmount,zoned {first.Name} on {after.ComputeNode}) and have it destroyed, " +
            $"or set its canmount=off, then run Protect-ZoneBootEnvironment -Zone {after.Zone.Name} again.");
    }

    /// <summary>
    /// What puts <paramref name="filesystems"/> back as the planner read them before the change: its own read, never the saved.*
    /// values, which the zone can write. mountpoint first, while they are still unzoned (a zoned dataset's mountpoint cannot be set
    /// from the global zone), by way of none: leaving legacy for a path makes zfs mount every dataset below that inherits it and can
    /// mount, the zone's new ones too (libzfs changelist_postfix, cl_waslegacy). Then zoned (children first; on again, whatever was
    /// read), canmount (it cannot be inherited: a default comes back set), and the saved.* values Protect wrote are removed.
    /// </summary>
    private static IEnumerable<PlannedCommand> Undo(ZoneBootEnvironmentState before, IReadOnlyList<string> filesystems)
    {
        var members = filesystems.Select(name => before.Filesystems.Single(fs => fs.Name == name)).ToList();
        foreach (var fs in members)
        {
            yield return BeCommands.Set(fs.Name, "mountpoint", "none", $"undo: no mountpoint on {fs.Name} while it is not zoned");
            yield return Restore(fs, "mountpoint");
        }

        foreach (var fs in Enumerable.Reverse(members))
        {
            yield return fs.Row("zoned") is { Value: "on", Source.Kind: ZfsPropertySourceKind.Inherited }
                ? BeCommands.Inherit(fs.Name, "zoned", $"undo zoned=off on {fs.Name}: a dataset the zone created below it could mount")
                : BeCommands.Set(fs.Name, "zoned", "on", $"undo zoned=off on {fs.Name}: a dataset the zone created below it could mount");
        }

        foreach (var fs in members)
        {
            yield return Restore(fs, "canmount");
        }

        foreach (var fs in members)
        {
            foreach (var property in BootEnvironmentProperties.ProtectedNative)
            {
                yield return BeCommands.Inherit(fs.Name, BootEnvironmentProperties.Saved(property), $"undo: forget the saved {property} of {fs.Name}");
            }
        }
    }

    /// <summary>The property as it was read before the change: set again when it was set (or, for canmount, a default), else inherited.</summary>
    private static PlannedCommand Restore(BeFilesystem before, string property)
    {
        var row = before.Row(property) ?? throw new InvalidOperationException($"{before.Name} was planned without its {property}.");
        return row.Source.Kind is ZfsPropertySourceKind.Local or ZfsPropertySourceKind.Received || property == "canmount"
            ? BeCommands.Set(before.Name, property, row.Value, $"undo: {property} of {before.Name} back to {row.Value}")
            : BeCommands.Inherit(before.Name, property, $"undo: {property} of {before.Name} inherited again");
    }

    /// <summary>When the full undo failed: at least zoned=on again, so that the zone's dataset cannot mount in the global zone.</summary>
    private static string Rezone(ComputeNodeConnection connection, ZoneBootEnvironmentState after, IReadOnlyList<string> rezone)
    {
        var plan = new ChangePlan(after.ComputeNode, string.Join(", ", rezone), "Give the zone back the boot environments a dataset escaped from.",
            rezone.Select(name => BeCommands.Set(name, "zoned", "on", $"undo zoned=off on {name}: a dataset the zone created below it could mount")).ToList());
        try
        {
            VerifiedChange.Run(connection.Transport, plan);
            return "zoned=on was set on them instead; canmount, mountpoint and the saved values may not be as before.";
        }
        catch (ZoneDelegationException error)
        {
            return $"setting zoned=on on them FAILED too ({error.Message}): the dataset may still mount in the global zone.";
        }
    }

    /// <summary>Filesystems read back below a dataset the plan unzoned, that were not in the state it was planned from, and can mount.</summary>
    internal static IReadOnlyList<BeFilesystem> Escapes(BootEnvironmentPlan plan, ZoneBootEnvironmentState after)
    {
        if (plan.Unzoned.Count == 0)
        {
            return [];
        }

        var known = plan.Before.Filesystems.Select(fs => fs.Name).ToHashSet(StringComparer.Ordinal);
        return after.Filesystems
            .Where(fs => !known.Contains(fs.Name) && plan.Unzoned.Any(unzoned => fs.Name.StartsWith(unzoned + "/", StringComparison.Ordinal)))
            .Where(CanMount)
            .ToList();
    }

    /// <summary>A filesystem zfs mounts (at boot, or by zfs mount -a): canmount not off, and a mountpoint that is a path.</summary>
    private static bool CanMount(BeFilesystem fs) =>
        fs.Row("type")?.Value == "filesystem"
        && fs.Row("canmount")?.Value != "off"
        && fs.Row("mountpoint")?.Value is not (null or BootEnvironmentProtectionPlanner.SafeMountpoint or "none");

    private static string Describe(BeFilesystem fs) =>
        $"{fs.Name} (mountpoint {fs.Row("mountpoint")?.Value}, canmount {fs.Row("canmount")?.Value}, zoned {fs.Row("zoned")?.Value})";
}

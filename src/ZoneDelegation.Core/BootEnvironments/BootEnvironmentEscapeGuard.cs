using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Protect-ZoneBootEnvironment sets zoned=off on a BE's filesystems. One the zone admin creates below them
/// between our read and that <c>zfs set</c> was not in the plan: it inherits zoned=off but keeps the mountpoint
/// and canmount the zone chose, so it would mount in the global zone. After the change, every filesystem
/// below the ones the plan unzoned is checked on the state read back (names from the structure listing,
/// mountpoints read per dataset, never rows of tenant values). One the plan did not know that can mount
/// (canmount not off, mountpoint neither legacy nor none) is an escape: zoned=on is set back on the BE's
/// filesystems the plan unzoned (the zone can reach them again; they keep canmount=off and mountpoint=legacy,
/// so they cannot mount) and the change fails with ZoneDatasetEscapedProtection.
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
        var undo = new ChangePlan(after.ComputeNode, plan.Plan.Target, "Give the zone back the boot environments a dataset escaped from.",
            rezone.Select(name => BeCommands.Set(name, "zoned", "on", $"undo zoned=off on {name}: a dataset the zone created below it could mount")).ToList());
        string undone;
        try
        {
            VerifiedChange.Run(connection.Transport, undo);
            undone = $"zoned=on was set back on {string.Join(", ", rezone)}, so it is zoned again; canmount=off, mountpoint=legacy " +
                     "and the saved values stay on the boot environment's own filesystems.";
        }
        catch (ZoneDelegationException error)
        {
            undone = $"Setting zoned=on back on {string.Join(", ", rezone)} FAILED ({error.Message}): the dataset may still mount in the global zone.";
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

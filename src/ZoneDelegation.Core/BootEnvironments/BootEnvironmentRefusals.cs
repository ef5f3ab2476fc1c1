using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>The refusals the BE planners share; each changes nothing and says the way out.</summary>
internal static class BootEnvironmentRefusals
{
    public static ZoneDelegationException Collision(ZoneBootEnvironmentState state, PromoteOutcome outcome)
    {
        var (moving, existing) = outcome.Collision!.Value;
        var from = $"{outcome.OriginFilesystem}@{moving}";
        var onto = $"{outcome.Promoted}@{existing}";
        return new ZoneDelegationException(ErrorIds.SnapshotNameCollision, ZoneErrorCategory.ResourceExists,
            $"Promoting {outcome.Promoted} on {state.ComputeNode} would move {from} onto {outcome.Promoted}, which already has {onto} " +
            "(zfs promote fails with a snapshot name collision). Nothing was changed.", onto,
            $"Rename one of the two snapshots first, e.g. zfs rename {onto} {onto}-{DateTime.UtcNow:yyyyMMdd}, or destroy it if it " +
            "is not needed, then run the command again.");
    }

    public static ZoneDelegationException NotOfCurrent(ZoneBootEnvironmentState state, BeFilesystem root)
    {
        var parent = ZoneBootEnvironmentState.ParentBe(root);
        var global = state.Globals.ByUuid(parent);
        var whose = global is not null ? $"the global BE '{global.Name}'" : parent is null ? "no global BE (it has no parentbe)" : $"a global BE that no longer exists ({parent})";
        return new ZoneDelegationException(ErrorIds.BootEnvironmentNotOfCurrentGlobal, ZoneErrorCategory.InvalidOperation,
            $"Boot environment '{state.BootEnvironmentOf(root.Name)}' of zone '{state.Zone.Name}' belongs to {whose}, not to the booted " +
            $"global BE '{state.Globals.Current.Name}'; the zone could not boot from it now. Nothing was changed.", root.Name,
            $"Copy it for the booted global BE with New-ZoneBootEnvironment -Zone {state.Zone.Name} -Source {state.BootEnvironmentOf(root.Name)} " +
            "-Name <new name> -Activate, or activate its global BE with beadm.");
    }
}

using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Where a zone keeps its boot environments, below its zonepath dataset: illumos libbe's <c>ROOT</c>
/// (be_utils.c be_make_container_ds, used by be_zones.c for zones: OmniOS, OpenIndiana) or Solaris 11's
/// <c>rpool/ROOT</c> (the zone's own "rpool"; Oracle's "Creating and Administering Oracle Solaris 11 Boot
/// Environments", Zones Naming Conventions). Both hold <c>&lt;container&gt;/&lt;zbe&gt;</c> with the same libbe
/// properties, so every BE service works on whichever exists. Found per zone from what exists; a zone with
/// both is refused, since which one its brand boots from cannot be told.
/// </summary>
internal static class ZoneBootEnvironmentContainer
{
    /// <summary>The containers below the zonepath dataset, illumos first.</summary>
    public static IReadOnlyList<string> Layouts { get; } = ["ROOT", "rpool/ROOT"];

    /// <summary>The zone's container, or null when it has neither.</summary>
    public static DatasetName? Find(string computeNode, ZoneInfo zone, DatasetName zonePathDataset, ZoneDatasetIndex index)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(zonePathDataset);
        ArgumentNullException.ThrowIfNull(index);
        var existing = Layouts.Select(layout => DatasetName.Parse(zonePathDataset.Value + "/" + layout)).Where(index.FilesystemExists).ToList();
        return existing.Count switch
        {
            0 => null,
            1 => existing[0],
            _ => throw new ZoneDelegationException(ErrorIds.AmbiguousBootEnvironmentContainer, ZoneErrorCategory.InvalidData,
                $"Zone '{zone.Name}' (brand {zone.Brand}) on {computeNode} has both {existing[0].Value} (illumos) and " +
                $"{existing[1].Value} (Solaris 11) below its zonepath dataset; which one holds the boot environments it boots " +
                "cannot be told, so neither is read. Nothing was changed.", zone.Name,
                $"Keep the container the zone's brand uses and rename or destroy the other (zfs list -r {zonePathDataset.Value} shows both)."),
        };
    }

    /// <summary>What ZoneHasNoBootEnvironments says about the layouts, for its message and hint.</summary>
    public static string Description =>
        "<zonepath dataset>/ROOT/<zbe> (illumos libbe: ipkg, lipkg, sparse, pkgsrc on OmniOS; ipkg, nlipkg on OpenIndiana) or " +
        "<zonepath dataset>/rpool/ROOT/<zbe> (solaris brand on Solaris 11)";
}

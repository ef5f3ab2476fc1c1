using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Get-ZoneBootEnvironment and Test-ZoneBootEnvironment reads: the zones of a CN (or the named ones), each
/// zone's BE tree read once and turned into <see cref="ZoneBootEnvironment"/>s or a <see cref="ZoneBootStatus"/>.
/// </summary>
internal static class ZoneBootEnvironmentLister
{
    /// <summary>
    /// The named zones, or every zone of the CN that has a BE container (others are skipped) when none is named.
    /// A name with * ? or [ is a wildcard over the zone names (zones without a BE container are skipped, as for
    /// all); an exact name that is not a zone is ZoneNotFound.
    /// </summary>
    public static IEnumerable<ZoneBootEnvironmentState> States(ComputeNodeConnection connection, IReadOnlyCollection<string> zones)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zones);
        // A wildcard is only compared with the names zoneadm lists, never put on a command line.
        var patterns = zones.Where(IsWildcard).ToList();
        var names = zones.Where(zone => !IsWildcard(zone)).Select(ZoneName.Parse).ToList();
        var provider = ZoneProviders.For(connection);
        return Iterate(connection, provider, names, patterns);
    }

    private static bool IsWildcard(string zone) => zone.IndexOfAny(['*', '?', '[']) >= 0;

    private static IEnumerable<ZoneBootEnvironmentState> Iterate(ComputeNodeConnection connection, IZoneProvider provider, List<string> names,
        List<string> patterns)
    {
        var all = provider.ListZones(connection).ToList();
        var globals = GlobalBootEnvironmentReader.Read(connection);
        var index = new ZoneDatasetIndex(connection.Transport);
        if (names.Count == 0 || patterns.Count > 0)
        {
            foreach (var zone in all)
            {
                if ((names.Count > 0 || patterns.Count > 0) && !patterns.Any(pattern => NameWildcard.Matches(pattern, zone.Name)))
                {
                    continue;
                }

                if (!names.Contains(zone.Name) && ZoneBootEnvironmentStateReader.TryRead(connection, zone, globals, index) is { } state)
                {
                    yield return state;
                }
            }
        }

        foreach (var name in names)
        {
            var zone = all.FirstOrDefault(z => z.Name == name) ?? provider.GetZone(connection, name);
            yield return ZoneBootEnvironmentStateReader.Read(connection, zone, globals, index);
        }
    }

    /// <summary>The BEs of one zone, whose name matches the wildcard (null: all).</summary>
    public static IEnumerable<ZoneBootEnvironment> BootEnvironments(ZoneBootEnvironmentState state, string? namePattern)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (namePattern is not null)
        {
            ValidatePattern(namePattern);
        }

        foreach (var root in state.Roots)
        {
            var name = state.BootEnvironmentOf(root.Name);
            if (namePattern is not null && !NameWildcard.Matches(namePattern, name))
            {
                continue;
            }

            yield return Describe(state, root);
        }
    }

    public static ZoneBootEnvironment Describe(ZoneBootEnvironmentState state, BeFilesystem root)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(root);
        var name = state.BootEnvironmentOf(root.Name);
        var parent = ZoneBootEnvironmentState.ParentBe(root);
        var current = state.Globals.IsCurrent(parent);
        var active = ZoneBootEnvironmentState.IsActive(root);
        var members = state.Members(name).Select(fs => fs.Name).ToHashSet(StringComparer.Ordinal);
        return new ZoneBootEnvironment
        {
            ComputeNode = state.ComputeNode,
            Zone = state.Zone.Name,
            Name = name,
            Dataset = root.Name,
            ParentBe = parent,
            ParentGlobalBe = state.Globals.ByUuid(parent)?.Name,
            BelongsToCurrentGlobalBe = current,
            Orphaned = !state.Globals.Exists(parent),
            Active = active,
            ActiveOnBoot = active && current,
            Origin = root.Origin,
            Clones = state.ClonesOf(members).Where(c => !members.Contains(c.Clone)).Select(c => c.Clone).Distinct().ToList(),
            Created = root.Created,
            Used = root.Used,
            Referenced = root.Referenced,
            Protected = BootEnvironmentProtectionPlanner.IsProtected(root),
        };
    }

    public static ZoneBootStatus Test(ZoneBootEnvironmentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var active = state.ActiveForCurrent.Select(fs => state.BootEnvironmentOf(fs.Name)).ToList();
        var orphaned = state.Roots.Where(root => !state.Globals.Exists(ZoneBootEnvironmentState.ParentBe(root)))
            .Select(root => state.BootEnvironmentOf(root.Name)).ToList();
        var status = active.Count switch
        {
            1 => ZoneBootState.Bootable,
            0 => ZoneBootState.NoActiveBootEnvironment,
            _ => ZoneBootState.MultipleActiveBootEnvironments,
        };
        var message = status switch
        {
            ZoneBootState.Bootable => $"boots '{active[0]}' with the global BE '{state.Globals.Current.Name}'",
            ZoneBootState.NoActiveBootEnvironment => $"will not boot: no boot environment is active for the global BE '{state.Globals.Current.Name}'",
            _ => $"will not boot: {active.Count} boot environments are active for the global BE '{state.Globals.Current.Name}': {string.Join(", ", active)}",
        };
        if (orphaned.Count > 0)
        {
            message += $"; orphaned (their global BE no longer exists): {string.Join(", ", orphaned)}";
        }

        return new ZoneBootStatus
        {
            ComputeNode = state.ComputeNode,
            Zone = state.Zone.Name,
            State = state.Zone.State,
            BootState = status,
            GlobalBootEnvironment = state.Globals.Current.Name,
            ActiveBootEnvironments = active,
            OrphanedBootEnvironments = orphaned,
            Message = message,
        };
    }

    private static void ValidatePattern(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '*' or '?' or '[' or ']'))
            {
                throw new ZoneDelegationException(ErrorIds.InvalidBootEnvironmentName, ZoneErrorCategory.InvalidArgument,
                    $"The boot environment name filter '{pattern}' is not valid: character {Zfs.Names.ZfsNameGrammar.Describe(c)} at " +
                    $"position {i + 1} cannot appear in a boot environment name.", pattern,
                    "A filter holds letters, digits and - _ . : with the wildcards * ? and [ ]; for example zbe-*.");
            }
        }
    }
}

using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Everything the BE services know about one zone at one moment: its zone BE tree (every filesystem and
/// snapshot under its BE container, <c>&lt;zonepath dataset&gt;/ROOT</c> on illumos or
/// <c>&lt;zonepath dataset&gt;/rpool/ROOT</c> on Solaris 11), the clones elsewhere in the pool that depend on it,
/// and the CN's global BEs. Relationships come from the real <c>origin</c> values, never from user
/// properties alone (a zone admin controls those).
/// </summary>
public sealed class ZoneBootEnvironmentState
{
    public ZoneBootEnvironmentState(string computeNode, ZoneInfo zone, DatasetName zonePathDataset, DatasetName container,
        GlobalBootEnvironments globals, IReadOnlyList<BeFilesystem> filesystems, IReadOnlyList<BeSnapshot> snapshots,
        IReadOnlyList<ExternalClone> externalClones)
    {
        ComputeNode = computeNode;
        Zone = zone;
        ZonePathDataset = zonePathDataset;
        Container = container;
        Globals = globals;
        Filesystems = filesystems;
        Snapshots = snapshots;
        ExternalClones = externalClones;
        RequireOneEntryPerNameBelowContainer();
    }

    /// <summary>
    /// The tree is one zone's: a filesystem or snapshot outside its container, or one listed twice (the
    /// forest would keep only one origin), can only come from a forged listing and is refused.
    /// </summary>
    private void RequireOneEntryPerNameBelowContainer()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var inside = Container.Value + "/";
        foreach (var name in Filesystems.Select(fs => fs.Name).Concat(Snapshots.Select(s => s.Name)))
        {
            var problem = !name.StartsWith(inside, StringComparison.Ordinal) && !name.StartsWith(Container.Value + "@", StringComparison.Ordinal)
                ? $"{name} is not below the BE container {Container} of zone '{Zone.Name}'"
                : !names.Add(name) ? $"{name} appears twice in the BE tree of zone '{Zone.Name}'" : null;
            if (problem is not null)
            {
                throw new ParseException(ZfsGetParser.Source, 0, problem + "; the tree is refused.", name);
            }
        }
    }

    public string ComputeNode { get; }

    public ZoneInfo Zone { get; }

    public DatasetName ZonePathDataset { get; }

    /// <summary>The zone BE container: <c>&lt;zonepath dataset&gt;/ROOT</c> or <c>/rpool/ROOT</c> (<see cref="ZoneBootEnvironmentContainer"/>).</summary>
    public DatasetName Container { get; }

    public GlobalBootEnvironments Globals { get; }

    /// <summary>Filesystems below the container (not the container itself), in zfs's order (parents first).</summary>
    public IReadOnlyList<BeFilesystem> Filesystems { get; }

    public IReadOnlyList<BeSnapshot> Snapshots { get; }

    public IReadOnlyList<ExternalClone> ExternalClones { get; }

    /// <summary>The BE roots: the container's direct children.</summary>
    public IEnumerable<BeFilesystem> Roots => Filesystems.Where(fs => IsRoot(fs.Name));

    public bool IsRoot(string dataset) =>
        dataset.Length > Container.Value.Length + 1 && dataset.StartsWith(Container.Value + "/", StringComparison.Ordinal) &&
        dataset.IndexOf('/', Container.Value.Length + 1) < 0;

    /// <summary>The BE name a dataset below the container belongs to.</summary>
    public string BootEnvironmentOf(string dataset)
    {
        var rest = dataset[(Container.Value.Length + 1)..];
        var slash = rest.IndexOfAny(['/', '@']);
        return slash < 0 ? rest : rest[..slash];
    }

    public BeFilesystem? FindRoot(string name) => Filesystems.FirstOrDefault(fs => fs.Name == Container.Value + "/" + name);

    public BeFilesystem RequireRoot(string name) =>
        FindRoot(name) ?? throw new ZoneDelegationException(ErrorIds.BootEnvironmentNotFound, ZoneErrorCategory.ObjectNotFound,
            $"Zone '{Zone.Name}' on {ComputeNode} has no boot environment '{name}' ({Container.Value}/{name} does not exist).", name,
            $"Get-ZoneBootEnvironment -Zone {Zone.Name} lists its boot environments.");

    /// <summary>A BE's root and every filesystem below it, parents first.</summary>
    public IReadOnlyList<BeFilesystem> Members(string name)
    {
        var root = Container.Value + "/" + name;
        return Filesystems.Where(fs => fs.Name == root || fs.Name.StartsWith(root + "/", StringComparison.Ordinal)).ToList();
    }

    public IEnumerable<BeSnapshot> SnapshotsOf(string dataset) => Snapshots.Where(s => s.Dataset == dataset);

    /// <summary>Exactly "on", as libbe requires.</summary>
    public static bool IsActive(BeFilesystem root) => root.Properties.GetText(BootEnvironmentProperties.Active) == BootEnvironmentProperties.On;

    public static string? ParentBe(BeFilesystem root) => root.Properties.GetText(BootEnvironmentProperties.ParentBe);

    /// <summary>BEs of the booted global BE whose active is "on": the ones the zone would choose from at boot.</summary>
    public IReadOnlyList<BeFilesystem> ActiveForCurrent =>
        Roots.Where(root => IsActive(root) && Globals.IsCurrent(ParentBe(root))).ToList();

    /// <summary>Every dataset that depends on a snapshot of the given datasets: clones in the tree and outside it.</summary>
    public IEnumerable<(string Clone, string Origin)> ClonesOf(IReadOnlyCollection<string> datasets)
    {
        bool Inside(string? origin) => origin is not null && datasets.Contains(origin[..origin.IndexOf('@')]);
        foreach (var fs in Filesystems.Where(fs => Inside(fs.Origin)))
        {
            yield return (fs.Name, fs.Origin!);
        }

        foreach (var clone in ExternalClones.Where(c => Inside(c.Origin)))
        {
            yield return (clone.Name, clone.Origin);
        }
    }
}

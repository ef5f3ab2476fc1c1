namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// What a zone's BE tree must be after a plan ran: the datasets and snapshots the simulated
/// <see cref="CloneForest"/> ended with (so nothing the plan did not name was destroyed, nothing it named
/// survived), each filesystem's origin, and property values on named datasets.
/// </summary>
internal sealed class BootEnvironmentExpectation
{
    private readonly HashSet<string> filesystems;
    private readonly HashSet<string> snapshots;
    private readonly Dictionary<string, string?> origins;
    private readonly List<(string Dataset, string Property, string? Value, bool Local)> properties = [];
    private readonly List<Func<ZoneBootEnvironmentState, string?>> checks = [];

    public BootEnvironmentExpectation(CloneForest forest)
    {
        filesystems = forest.FilesystemNames.ToHashSet(StringComparer.Ordinal);
        snapshots = forest.SnapshotNames.ToHashSet(StringComparer.Ordinal);
        origins = filesystems.ToDictionary(fs => fs, forest.OriginOf, StringComparer.Ordinal);
    }

    /// <summary>The property must read <paramref name="value"/> (null: '-' or absent); Local: and be set on the dataset itself.</summary>
    public BootEnvironmentExpectation Property(string dataset, string property, string? value, bool local)
    {
        properties.Add((dataset, property, value, local));
        return this;
    }

    public BootEnvironmentExpectation Check(Func<ZoneBootEnvironmentState, string?> check)
    {
        checks.Add(check);
        return this;
    }

    public IReadOnlyList<string> Differences(ZoneBootEnvironmentState after)
    {
        var differences = new List<string>();
        var actualFs = after.Filesystems.ToDictionary(fs => fs.Name, StringComparer.Ordinal);
        foreach (var clone in after.ExternalClones)
        {
            actualFs.TryAdd(clone.Name, new BeFilesystem(clone.Name, clone.Origin, null, null, null, 0, EmptySet.Instance));
        }

        // External clones that no longer point into the tree are not listed in a fresh read: only compare what can be seen.
        foreach (var name in filesystems.Where(name => name.StartsWith(after.Container.Value + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (!actualFs.TryGetValue(name, out var fs))
            {
                differences.Add($"{name} is gone, but the plan did not destroy it");
            }
            else if (!string.Equals(fs.Origin, origins[name], StringComparison.Ordinal))
            {
                differences.Add($"the origin of {name} is {fs.Origin ?? "-"}, expected {origins[name] ?? "-"}");
            }
        }

        foreach (var name in actualFs.Keys.Where(name => name.StartsWith(after.Container.Value + "/", StringComparison.Ordinal) && !filesystems.Contains(name)).Order(StringComparer.Ordinal))
        {
            differences.Add($"{name} exists, but the plan destroyed it or never made it");
        }

        var actualSnaps = after.Snapshots.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in snapshots.Where(name => name.StartsWith(after.Container.Value + "/", StringComparison.Ordinal) && !actualSnaps.Contains(name)).Order(StringComparer.Ordinal))
        {
            differences.Add($"snapshot {name} is gone, but the plan kept it");
        }

        foreach (var name in actualSnaps.Where(name => !snapshots.Contains(name)).Order(StringComparer.Ordinal))
        {
            differences.Add($"snapshot {name} exists, but the plan destroyed it or never made it");
        }

        foreach (var (dataset, property, value, local) in properties)
        {
            var row = after.Filesystems.FirstOrDefault(fs => fs.Name == dataset)?.Row(property);
            var actual = row is null || row.IsAbsent ? null : row.Value;
            if (!string.Equals(actual, value, StringComparison.Ordinal))
            {
                differences.Add($"{property} of {dataset} is {actual ?? "-"}, expected {value ?? "-"}");
            }
            else if (local && row?.Source.Kind != Zfs.Parsing.ZfsPropertySourceKind.Local)
            {
                differences.Add($"{property} of {dataset} is {actual ?? "-"} but {row?.Source.ToString() ?? "absent"}, expected set locally");
            }
        }

        differences.AddRange(checks.Select(check => check(after)).OfType<string>());
        return differences;
    }

    private static class EmptySet
    {
        public static Zfs.Parsing.ZfsPropertySet Instance { get; } = new("-", new Dictionary<string, Zfs.Parsing.ZfsPropertyRow>(), 0);
    }
}

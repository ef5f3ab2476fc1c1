namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// An in-memory copy of the clone relationships of a zone's BE tree, on which a planner runs the zfs
/// operations it intends (promote, destroy, snapshot, clone) before it writes them down. It follows
/// zfs(8): promoting a clone moves the origin's snapshots up to and including the clone's origin
/// snapshot onto the clone (a snapshot name the clone already has is a collision, EEXIST), the clones of
/// the moved snapshots follow them, the clone takes the origin's origin and the old origin becomes a
/// clone of the promoted one.
/// </summary>
internal sealed class CloneForest
{
    private readonly Dictionary<string, string?> origins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> created = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Snap>> snapshots = new(StringComparer.Ordinal);
    private long nextSequence;

    public CloneForest(ZoneBootEnvironmentState state)
    {
        foreach (var fs in state.Filesystems)
        {
            AddFilesystem(fs.Name, fs.Origin, fs.Sequence);
        }

        foreach (var clone in state.ExternalClones)
        {
            AddFilesystem(clone.Name, clone.Origin, 0);
        }

        foreach (var snapshot in state.Snapshots.OrderBy(s => s.Sequence))
        {
            SnapshotsOf(snapshot.Dataset).Add(new Snap(snapshot.ShortName, snapshot.Sequence, snapshot.UserRefs));
        }

        nextSequence = state.Filesystems.Select(f => f.Sequence).Concat(state.Snapshots.Select(s => s.Sequence)).DefaultIfEmpty(0).Max() + 1;
    }

    public sealed record Snap(string ShortName, long Sequence, ulong UserRefs);

    public bool Exists(string filesystem) => origins.ContainsKey(filesystem);

    public IEnumerable<string> FilesystemNames => origins.Keys;

    public IEnumerable<string> SnapshotNames => snapshots.SelectMany(pair => pair.Value.Select(s => pair.Key + "@" + s.ShortName));

    public string? OriginOf(string filesystem) => origins.GetValueOrDefault(filesystem);

    public IReadOnlyList<Snap> Snapshots(string filesystem) => SnapshotsOf(filesystem);

    public bool HasSnapshot(string fullName)
    {
        var at = fullName.IndexOf('@');
        return snapshots.TryGetValue(fullName[..at], out var list) && list.Any(s => s.ShortName == fullName[(at + 1)..]);
    }

    public Snap? Snapshot(string fullName)
    {
        var at = fullName.IndexOf('@');
        return snapshots.TryGetValue(fullName[..at], out var list) ? list.FirstOrDefault(s => s.ShortName == fullName[(at + 1)..]) : null;
    }

    /// <summary>Direct clones of a snapshot, oldest first.</summary>
    public IReadOnlyList<string> ClonesOf(string snapshotFullName) =>
        origins.Where(pair => pair.Value == snapshotFullName).Select(pair => pair.Key)
            .OrderBy(name => created.GetValueOrDefault(name)).ThenBy(name => name, StringComparer.Ordinal).ToList();

    /// <summary>What a promote would move, or the collision that makes zfs refuse it.</summary>
    public PromoteOutcome TryPromote(string clone)
    {
        var origin = OriginOf(clone) ?? throw new InvalidOperationException($"{clone} is not a clone.");
        var at = origin.IndexOf('@');
        var originFs = origin[..at];
        var originSnap = Snapshot(origin) ?? throw new InvalidOperationException($"{origin} is not known.");
        var moving = SnapshotsOf(originFs).Where(s => s.Sequence <= originSnap.Sequence).ToList();
        var own = SnapshotsOf(clone);
        foreach (var snap in moving)
        {
            if (own.FirstOrDefault(s => s.ShortName == snap.ShortName) is { } existing)
            {
                return new PromoteOutcome(clone, originFs, moving.Select(s => s.ShortName).ToList(), (snap.ShortName, existing.ShortName));
            }
        }

        return new PromoteOutcome(clone, originFs, moving.Select(s => s.ShortName).ToList(), null);
    }

    /// <summary>Applies a promote that <see cref="TryPromote"/> found free of collisions.</summary>
    public PromoteOutcome Promote(string clone)
    {
        var outcome = TryPromote(clone);
        if (outcome.Collision is not null)
        {
            throw new InvalidOperationException($"promote of {clone} collides on {outcome.Collision.Value.Moving}.");
        }

        var origin = OriginOf(clone)!;
        var originFs = outcome.OriginFilesystem;
        var moved = SnapshotsOf(originFs).Where(s => outcome.Moved.Contains(s.ShortName)).ToList();
        SnapshotsOf(originFs).RemoveAll(moved.Contains);
        SnapshotsOf(clone).InsertRange(0, moved);
        foreach (var snap in moved)
        {
            var from = originFs + "@" + snap.ShortName;
            foreach (var dependent in ClonesOf(from))
            {
                origins[dependent] = clone + "@" + snap.ShortName;
            }
        }

        origins[clone] = origins[originFs];
        origins[originFs] = clone + origin[origin.IndexOf('@')..];
        return outcome;
    }

    public void DestroySnapshot(string fullName)
    {
        var at = fullName.IndexOf('@');
        SnapshotsOf(fullName[..at]).RemoveAll(s => s.ShortName == fullName[(at + 1)..]);
    }

    public void DestroyFilesystem(string name)
    {
        origins.Remove(name);
        snapshots.Remove(name);
    }

    public void AddSnapshot(string filesystem, string shortName) =>
        SnapshotsOf(filesystem).Add(new Snap(shortName, nextSequence++, 0));

    public void AddClone(string snapshotFullName, string name) => AddFilesystem(name, snapshotFullName, nextSequence++);

    private void AddFilesystem(string name, string? origin, long sequence)
    {
        origins[name] = origin;
        created[name] = sequence;
    }

    private List<Snap> SnapshotsOf(string filesystem)
    {
        if (!snapshots.TryGetValue(filesystem, out var list))
        {
            list = [];
            snapshots[filesystem] = list;
        }

        return list;
    }
}

/// <summary>What <c>zfs promote &lt;Promoted&gt;</c> moves from OriginFilesystem, or the snapshot names that collide.</summary>
internal sealed record PromoteOutcome(string Promoted, string OriginFilesystem, IReadOnlyList<string> Moved, (string Moving, string Existing)? Collision);

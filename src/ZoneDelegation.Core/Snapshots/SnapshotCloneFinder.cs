using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// The clones of a snapshot, anywhere in its pool, found by their <c>origin</c>: every zfs has it (zfs-fuse
/// has no <c>clones</c> property). Streamed: one row of the pool's filesystems and volumes at a time.
/// </summary>
internal static class SnapshotCloneFinder
{
    private static readonly ZfsFieldList Fields = new("name", "origin");

    public static NativeCommand Command(string pool) =>
        new("zfs", "list", "-H", "-o", Fields.Argument, "-t", "filesystem,volume", "-r", pool);

    public static IReadOnlyList<string> Find(ICommandTransport transport, SnapshotName snapshot)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(snapshot);
        return transport.Stream(Command(snapshot.Dataset.Pool), output => ZfsListParser.Parse(output, Fields))
            .Where(row => row.GetText("origin") == snapshot.Value)
            .Select(row => row.Name)
            .ToList();
    }
}

using System.Collections.Frozen;

namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// The native dataset properties this module reads or sets, with how each prints under -p.
/// An allow-list, not all of zfs(8): a name outside it is refused before it reaches a command.
/// </summary>
internal static class NativeZfsProperties
{
    private static readonly FrozenDictionary<string, ZfsPropertyKind> Known = new Dictionary<string, ZfsPropertyKind>
    {
        // Identity and structure
        ["name"] = ZfsPropertyKind.Text,
        ["type"] = ZfsPropertyKind.Text,
        ["origin"] = ZfsPropertyKind.Text,
        ["clones"] = ZfsPropertyKind.Text,
        ["guid"] = ZfsPropertyKind.Integer,
        ["createtxg"] = ZfsPropertyKind.Integer,
        ["creation"] = ZfsPropertyKind.Integer,
        ["defer_destroy"] = ZfsPropertyKind.Text,
        ["userrefs"] = ZfsPropertyKind.Integer,

        // Space
        ["used"] = ZfsPropertyKind.Integer,
        ["available"] = ZfsPropertyKind.Integer,
        ["referenced"] = ZfsPropertyKind.Integer,
        ["written"] = ZfsPropertyKind.Integer,
        ["logicalused"] = ZfsPropertyKind.Integer,
        ["logicalreferenced"] = ZfsPropertyKind.Integer,
        ["usedbysnapshots"] = ZfsPropertyKind.Integer,
        ["usedbydataset"] = ZfsPropertyKind.Integer,
        ["usedbychildren"] = ZfsPropertyKind.Integer,
        ["usedbyrefreservation"] = ZfsPropertyKind.Integer,
        ["compressratio"] = ZfsPropertyKind.Text,
        ["refcompressratio"] = ZfsPropertyKind.Text,

        // Limits and counts (RFD 44), quotas
        ["quota"] = ZfsPropertyKind.Integer,
        ["refquota"] = ZfsPropertyKind.Integer,
        ["reservation"] = ZfsPropertyKind.Integer,
        ["refreservation"] = ZfsPropertyKind.Integer,
        ["snapshot_limit"] = ZfsPropertyKind.Integer,
        ["filesystem_limit"] = ZfsPropertyKind.Integer,
        ["snapshot_count"] = ZfsPropertyKind.Integer,
        ["filesystem_count"] = ZfsPropertyKind.Integer,

        // Layout and behaviour
        ["zoned"] = ZfsPropertyKind.Text,
        ["mountpoint"] = ZfsPropertyKind.Text,
        ["mounted"] = ZfsPropertyKind.Text,
        ["canmount"] = ZfsPropertyKind.Text,
        ["readonly"] = ZfsPropertyKind.Text,
        ["compression"] = ZfsPropertyKind.Text,
        ["recordsize"] = ZfsPropertyKind.Integer,
        ["recsize"] = ZfsPropertyKind.Integer, // zfs(8): the short name of recordsize, as vmadm's own tests list it
        ["volsize"] = ZfsPropertyKind.Integer,
        ["volblocksize"] = ZfsPropertyKind.Integer,
        ["atime"] = ZfsPropertyKind.Text,
        ["checksum"] = ZfsPropertyKind.Text,
        ["dedup"] = ZfsPropertyKind.Text,
        ["sync"] = ZfsPropertyKind.Text,
        ["snapdir"] = ZfsPropertyKind.Text,
        ["copies"] = ZfsPropertyKind.Text,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Names => Known.Keys;

    public static bool IsKnown(string name) => Known.ContainsKey(name);

    /// <summary>The kind of a native property; user properties and unknown names are Text.</summary>
    public static ZfsPropertyKind KindOf(string name) => Known.TryGetValue(name, out var kind) ? kind : ZfsPropertyKind.Text;
}

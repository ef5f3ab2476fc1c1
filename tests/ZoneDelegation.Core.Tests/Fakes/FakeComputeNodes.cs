namespace ZoneDelegation.Core.Tests.Fakes;

/// <summary>
/// Scripted CNs answering like the two testbed platforms: a SmartOS CN (sysinfo, vmadm, zfs list -p,
/// the pool feature, snapshot_limit, ppriv) and a legacy zfs-fuse CN (sysinfo, nothing else SmartOS;
/// zfs and zpool fail the way zfs-fuse does).
/// </summary>
internal static class FakeComputeNodes
{
    public const string Pool = "tank";
    public const string Zone = "61316833-2323-4d07-a4be-4a25d76f63a6";
    public const string Root = Pool + "/" + Zone;

    public static string SysInfo(string liveImage, string pool = Pool) =>
        $$"""{"Live Image": "{{liveImage}}", "System Type": "SunOS", "UUID": "534d4349-0002-2790-2500-2790250054c5", "Hostname": "cn1", "Zpool": "{{pool}}"}""" + "\n";

    public static ScriptedTransport Smartos(string liveImage = "20240101T000000Z") => new ScriptedTransport()
        .On("sysinfo", SysInfo(liveImage))
        .On("vmadm", exitCode: 2, stderr: "Usage: vmadm <command> [options]\n")
        .On($"zfs list -H -p -o name {Pool}", Pool + "\n")
        .On($"zpool get -H -o name,property,value,source feature@filesystem_limits {Pool}", $"{Pool}\tfeature@filesystem_limits\tenabled\tlocal\n")
        .On($"zfs get -H -o property snapshot_limit {Pool}", "snapshot_limit\n")
        .On("ppriv -l sys_fs_import", "sys_fs_import\n")
        .On(LocateKey, Location());

    /// <summary>Where vmadm says a zone's root is: <c>vmadm lookup -j -o uuid,brand,zfs_filesystem,zonepath uuid=&lt;zone&gt;</c>.</summary>
    public static string LocateKeyFor(string zone) => $"vmadm lookup -j -o uuid,brand,zfs_filesystem,zonepath uuid={zone}";

    public static readonly string LocateKey = LocateKeyFor(Zone);

    /// <summary>The lookup answer for one zone (its root on <paramref name="root"/>, default <see cref="Root"/>).</summary>
    public static string Location(string brand = "joyent", string root = Root, string zone = Zone) =>
        $$"""[{"uuid": "{{zone}}", "brand": "{{brand}}", "zfs_filesystem": "{{root}}", "zonepath": "/{{root}}"}]""" + "\n";

    public static ScriptedTransport Legacy(string liveImage = "20141030T081701Z") => new ScriptedTransport()
        .On("sysinfo", SysInfo(liveImage))
        .Missing("vmadm")
        .Missing("ppriv")
        .On($"zfs list -H -p -o name {Pool}", exitCode: 2, stderr: "invalid option 'p'\nusage:\n\tlist [-rH][-d max] ...\n")
        .On($"zpool get -H -o name,property,value,source feature@filesystem_limits {Pool}", exitCode: 2,
            stderr: "bad property list: invalid property '-H'\nusage:\n\tget <\"all\" | property[,...]> <pool> ...\n")
        .On($"zfs get -H -o property snapshot_limit {Pool}", exitCode: 2,
            stderr: "bad property list: invalid property 'snapshot_limit'\nusage:\n")
        .On($"zfs get -H -p -o name,property,value,source snapshot_limit,snapshot_count,filesystem_limit,filesystem_count,quota {Root}",
            exitCode: 2, stderr: "bad property list: invalid property 'snapshot_limit'\nusage:\n");

    /// <summary>
    /// The SmartOS zfs get answer for the zone root's limits. A count zfs does not keep (no limit was ever set
    /// there or above, and the dataset predates the pool feature) is <see cref="Unlimited"/> with source default,
    /// as libzfs prints an absent count; a kept count has source local.
    /// </summary>
    public static string LimitRows(string snapshotLimit, string snapshotCount, string filesystemLimit, string filesystemCount, string quota) =>
        $"{Root}\tsnapshot_limit\t{snapshotLimit}\t{(snapshotLimit == Unlimited ? "default" : "local")}\n" +
        $"{Root}\tsnapshot_count\t{snapshotCount}\t{CountSource(snapshotCount)}\n" +
        $"{Root}\tfilesystem_limit\t{filesystemLimit}\t{(filesystemLimit == Unlimited ? "default" : "local")}\n" +
        $"{Root}\tfilesystem_count\t{filesystemCount}\t{CountSource(filesystemCount)}\n" +
        $"{Root}\tquota\t{quota}\t{(quota == "0" ? "default" : "local")}\n";

    public const string Unlimited = "18446744073709551615";

    /// <summary>The source zfs get prints for a count: default when zfs keeps none (UINT64_MAX), else local.</summary>
    public static string CountSource(string count) => count == Unlimited ? "default" : "local";

    public const string LimitsKey =
        $"zfs get -H -p -o name,property,value,source snapshot_limit,snapshot_count,filesystem_limit,filesystem_count,quota {Root}";
}

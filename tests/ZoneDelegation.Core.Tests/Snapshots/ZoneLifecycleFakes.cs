using ZoneDelegation.Core.Transport;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;

namespace ZoneDelegation.Core.Tests.Snapshots;

/// <summary>The answers a SmartOS CN gives the snapshot and reprovision services for the zone <see cref="Zone"/>.</summary>
internal static class ZoneLifecycleFakes
{
    public const string Data = Root + "/data";
    public const string VmGetKey = $"vmadm get {Zone}";
    public const string TxgKey = $"zfs get -H -p -d 1 -o name,property,value,source createtxg {Root}";
    public const string TreeKey = $"zfs get -H -p -r -o name,property,value,source guid,referenced {Data}";
    public const string ListingKey = $"zfs list -H -p -t snapshot -o name,creation,used,referenced -r {Root}";
    public const string ClonesKey = $"zfs list -H -o name,origin -t filesystem,volume -r {Pool}";
    public const string Image = "7b5981c4-1889-11e7-b4c5-3f3bdfc9b88b";

    public static string ExistsKey(string snapshot) => $"zfs get -H -p -o name,property,value,source createtxg {snapshot}";

    public static string Vm(string brand = "joyent", string state = "running", bool delegated = true, string extra = "", string? datasets = null) =>
        $$"""{"uuid": "{{Zone}}", "brand": "{{brand}}", "state": "{{state}}", "zfs_filesystem": "{{Root}}", "limit_priv": "default,-sys_fs_import", "image_uuid": "{{Image}}", {{extra}} "datasets": {{datasets ?? (delegated ? $"[\"{Data}\"]" : "[]")}}}""" + "\n";

    /// <summary>createtxg rows of the zone root, its data child, and the given root snapshots (txg 10, 20, 30, ...).</summary>
    public static string Txgs(params string[] snapshots) =>
        $"{Root}\tcreatetxg\t5\t-\n{Data}\tcreatetxg\t6\t-\n" +
        string.Concat(snapshots.Select((s, i) => $"{Root}@{s}\tcreatetxg\t{(i + 1) * 10}\t-\n"));

    public static string Tree(string dataGuid = "111", string snapshotGuid = "222") =>
        $"{Data}\tguid\t{dataGuid}\t-\n{Data}\treferenced\t4096\t-\n{Data}@daily\tguid\t{snapshotGuid}\t-\n{Data}@daily\treferenced\t2048\t-\n";

    public static string LimitAnswer(string snapshotLimit = "128", string snapshotCount = "3") =>
        LimitRows(snapshotLimit, snapshotCount, "32", "1", "10737418240");

    /// <summary>Answers the calls of one command in turn; the last answer repeats.</summary>
    public static Func<NativeCommand, (string Stdout, int ExitCode, string Stderr)> InTurn(params string[] outputs)
    {
        var call = 0;
        return _ => (outputs[Math.Min(call++, outputs.Length - 1)], 0, string.Empty);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Tests.Fakes;

/// <summary>
/// A scripted SmartOS CN (<see cref="FakeComputeNodes.Smartos"/>) holding any number of zones: vmadm
/// lookup answers with their VM objects, and the pool-wide zfs get with their zone roots (plus an
/// image and the cores dataset, which are not zones). The zfs side is what ZFS says; vmadm's copy of
/// the limits is the same unless a test sets it apart.
/// </summary>
internal sealed class FakeFleet
{
    public const string LookupKey =
        "vmadm lookup -j -o uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem";

    /// <summary>The audit's lookup: Get-SafeZone's fields and the zonename (which keys the booted limit sets).</summary>
    public const string AuditLookupKey = LookupKey + ",zonename";

    /// <summary>The one read of every running zone's booted limit set (ps, then ppriv -v of each zsched).</summary>
    public static string BootedKey => ScriptedTransport.Key(ZoneDelegation.Core.Zones.BootedLimitSetReader.Command);

    /// <summary>Where the zone roots are (vmadm's zfs_filesystem), read before the pool-wide zfs get.</summary>
    public const string LocateKey = "vmadm lookup -j -o uuid,brand,zfs_filesystem,zonepath";

    public const string PoolLimitsKey =
        "zfs get -H -p -r -d 1 -t filesystem -o name,property,value,source snapshot_limit,snapshot_count,filesystem_limit,filesystem_count,quota,refquota " +
        FakeComputeNodes.Pool;

    /// <summary>The pool-wide zfs get over every pool that holds a zone root (sorted), as the reader builds it.</summary>
    public string PoolLimitsKeyForZones =>
        PoolLimitsKey[..^FakeComputeNodes.Pool.Length] + string.Join(' ', Zones.Select(z => z.Pool).Distinct().Order(StringComparer.Ordinal));

    public List<FakeZone> Zones { get; } = [];

    public static string UuidFor(int index) => $"00000000-0000-4000-8000-{index:D12}";

    /// <summary>n safe zones (delegated, limits at the policy's, sys_fs_import removed).</summary>
    public static FakeFleet Safe(int count)
    {
        var fleet = new FakeFleet();
        for (var i = 1; i <= count; i++)
        {
            fleet.Zones.Add(new FakeZone(UuidFor(i)));
        }

        return fleet;
    }

    public ScriptedTransport Transport(string liveImage = "20240101T000000Z")
    {
        var transport = FakeComputeNodes.Smartos(liveImage);
        Script(transport);
        return transport;
    }

    /// <summary>(Re)writes the lookup and zfs answers from <see cref="Zones"/> as they are when each command starts.</summary>
    public ScriptedTransport Script(ScriptedTransport transport)
    {
        transport.OnStream(LookupKey, () => new StringReader(Lookup(Zones)));
        transport.OnStream(AuditLookupKey, () => new StringReader(Lookup(Zones)));
        transport.OnStream(BootedKey, () => new StringReader(Booted(Zones)));
        transport.OnStream(LocateKey, () => new StringReader(Locations(Zones)));
        transport.OnStream(PoolLimitsKey, () => new StringReader(PoolRows()));
        transport.OnStream(PoolLimitsKeyForZones, () => new StringReader(PoolRows()));
        foreach (var zone in Zones)
        {
            transport.OnStream(LookupKey + " uuid=" + zone.Uuid, () => new StringReader(Lookup(Zones.Where(z => z.Uuid == zone.Uuid))));
            transport.OnStream(AuditLookupKey + " uuid=" + zone.Uuid, () => new StringReader(Lookup(Zones.Where(z => z.Uuid == zone.Uuid))));
        }

        return transport;
    }

    public static string Lookup(IEnumerable<FakeZone> zones)
    {
        var array = new JsonArray();
        foreach (var zone in zones)
        {
            array.Add(zone.VmObject());
        }

        return array.ToJsonString() + "\n";
    }

    /// <summary>What the booted-limit-set script prints: per running zone "zone &lt;name&gt;" and ppriv -v of its zsched.</summary>
    public static string Booted(IEnumerable<FakeZone> zones)
    {
        var text = new StringBuilder();
        var pid = 900001;
        foreach (var zone in zones.Where(z => z.State == "running"))
        {
            var limit = zone.BootedLimit;
            text.Append(CultureInfo.InvariantCulture, $"zone {zone.Uuid}\n{pid}:\tzsched\nflags = <none>\n");
            foreach (var set in "EIPL")
            {
                text.Append(CultureInfo.InvariantCulture, $"\t{set}: {limit}\n");
            }

            pid++;
        }

        return text.ToString();
    }

    public static string Locations(IEnumerable<FakeZone> zones)
    {
        var array = new JsonArray();
        foreach (var zone in zones)
        {
            array.Add(new JsonObject { ["uuid"] = zone.Uuid, ["brand"] = "joyent", ["zfs_filesystem"] = zone.Root, ["zonepath"] = "/" + zone.Root });
        }

        return array.ToJsonString() + "\n";
    }

    public string PoolRows()
    {
        var rows = new StringBuilder();
        Rows(rows, FakeComputeNodes.Pool, null, null, 0);
        Rows(rows, FakeComputeNodes.Pool + "/cores", null, null, 0);
        Rows(rows, FakeComputeNodes.Pool + "/4a0c4f2e-6ac8-11e4-9b6b-0b8a03b3a3d7x", null, null, 0); // not a UUID: skipped
        foreach (var zone in Zones)
        {
            Rows(rows, zone.Root, zone.SnapshotLimit, zone.FilesystemLimit, zone.SnapshotCount);
        }

        return rows.ToString();
    }

    private static void Rows(StringBuilder rows, string name, long? snapshotLimit, long? filesystemLimit, long snapshots)
    {
        var tracked = snapshotLimit is not null || filesystemLimit is not null;
        rows.Append(CultureInfo.InvariantCulture, $"{name}\tsnapshot_limit\t{Limit(snapshotLimit)}\t{Source(snapshotLimit)}\n");
        var snapshotCount = tracked ? snapshots.ToString(CultureInfo.InvariantCulture) : FakeComputeNodes.Unlimited;
        var filesystemCount = tracked ? "1" : FakeComputeNodes.Unlimited;
        rows.Append(CultureInfo.InvariantCulture, $"{name}\tsnapshot_count\t{snapshotCount}\t{FakeComputeNodes.CountSource(snapshotCount)}\n");
        rows.Append(CultureInfo.InvariantCulture, $"{name}\tfilesystem_limit\t{Limit(filesystemLimit)}\t{Source(filesystemLimit)}\n");
        rows.Append(CultureInfo.InvariantCulture, $"{name}\tfilesystem_count\t{filesystemCount}\t{FakeComputeNodes.CountSource(filesystemCount)}\n");
        rows.Append(CultureInfo.InvariantCulture, $"{name}\tquota\t0\tdefault\n");
        rows.Append(CultureInfo.InvariantCulture, $"{name}\trefquota\t0\tdefault\n");
    }

    private static string Limit(long? limit) => limit?.ToString(CultureInfo.InvariantCulture) ?? FakeComputeNodes.Unlimited;

    private static string Source(long? limit) => limit is null ? "default" : "local";
}

/// <summary>One zone of a <see cref="FakeFleet"/>; safe by default.</summary>
internal sealed class FakeZone(string uuid)
{
    public string Uuid { get; } = uuid;

    /// <summary>The pool the zone was created on (a payload zpool may name one other than sysinfo's).</summary>
    public string Pool { get; set; } = FakeComputeNodes.Pool;

    public string Root => Pool + "/" + Uuid;

    public string? Alias { get; set; } = "z-" + uuid[^4..];

    public string Owner { get; set; } = "930896af-bf8c-48d4-885c-6573a94b1853";

    public string State { get; set; } = "running";

    public bool Delegated { get; set; } = true;

    public string? LimitPriv { get; set; } = "default,-sys_fs_import";

    public long? SnapshotLimit { get; set; } = 128;

    public long? FilesystemLimit { get; set; } = 32;

    public long SnapshotCount { get; set; }

    /// <summary>
    /// The limit_priv the running zone booted with (what ppriv -v prints of its zsched); by default its
    /// limit_priv now, as if it had booted since the last change.
    /// </summary>
    public string? BootedLimitPriv { get; set; }

    /// <summary>The booted limit set as ppriv -v prints it: sys_fs_import in it unless the booted limit_priv removes it.</summary>
    public string BootedLimit =>
        "contract_event,file_link_any,file_read,proc_fork" +
        ((BootedLimitPriv ?? LimitPriv ?? "default").Contains("-sys_fs_import", StringComparison.Ordinal) ? string.Empty : ",sys_fs_import") +
        ",sys_mount";

    public JsonObject VmObject()
    {
        var vm = new JsonObject
        {
            ["uuid"] = Uuid,
            ["alias"] = Alias,
            ["brand"] = "joyent",
            ["owner_uuid"] = Owner,
            ["state"] = State,
            ["zfs_filesystem"] = Root,
        };
        if (Delegated)
        {
            vm["datasets"] = new JsonArray(Root + "/data");
        }

        if (LimitPriv is not null)
        {
            vm["limit_priv"] = LimitPriv;
        }

        if (SnapshotLimit is not null)
        {
            vm["zfs_snapshot_limit"] = SnapshotLimit;
        }

        if (FilesystemLimit is not null)
        {
            vm["zfs_filesystem_limit"] = FilesystemLimit;
        }

        return vm;
    }
}

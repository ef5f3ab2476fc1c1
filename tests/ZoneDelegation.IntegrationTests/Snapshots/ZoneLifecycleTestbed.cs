using System.Text.Json.Nodes;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Snapshots;

/// <summary>
/// Arrange and assert helpers for the snapshot and reprovision tests on a sandbox CN: zones made with the
/// vmadm stand-in, the real zfs-fuse for mounts and writes, and the CN's whole state for "nothing changed".
/// </summary>
internal sealed class ZoneLifecycleTestbed(TestbedCn cn) : IDisposable
{
    public const string RealZfs = "/usr/sbin/zfs";

    private readonly List<Action> cleanup = [];
    private readonly List<Action> lastCleanup = [];

    public TestbedCn Cn => cn;

    /// <summary>Creates a zone with the vmadm stand-in (payload on stdin, as vmadm takes it) and removes it at the end.</summary>
    public string CreateZone(bool delegated = true, long? snapshotLimit = 128, string brand = "joyent", string? imageUuid = null, bool indestructibleZoneroot = false)
    {
        var uuid = Guid.NewGuid().ToString("D");
        var payload = new JsonObject
        {
            ["uuid"] = uuid,
            ["brand"] = brand,
            ["alias"] = "it-lifecycle",
            ["limit_priv"] = "default,-sys_fs_import",
            ["zfs_filesystem_limit"] = 32,
            ["quota"] = 10,
        };
        if (delegated)
        {
            payload["delegate_dataset"] = true;
        }

        if (snapshotLimit is not null)
        {
            payload["zfs_snapshot_limit"] = snapshotLimit;
        }

        if (imageUuid is not null)
        {
            payload["image_uuid"] = imageUuid;
        }

        if (indestructibleZoneroot)
        {
            payload["indestructible_zoneroot"] = true;
        }

        Run("vmadm", ["create"], payload.ToJsonString());
        cleanup.Add(() =>
        {
            Run("vmadm", ["update", uuid, "indestructible_zoneroot=false"]);
            Run("vmadm", ["delete", uuid]);
        });
        return uuid;
    }

    /// <summary>An image dataset <c>&lt;pool&gt;/&lt;uuid&gt;@final</c> holding one file, as imgadm would have installed it.</summary>
    public string CreateImage(string fileName, string content)
    {
        var uuid = Guid.NewGuid().ToString("D");
        var dataset = $"{cn.Pool}/{uuid}";
        Zfs("create", "-o", $"mountpoint={MountRoot}/image-{uuid}", dataset);
        File.WriteAllText(Path.Combine(MountRoot, $"image-{uuid}", fileName), content);
        Zfs("snapshot", dataset + "@final");
        // After the zones: a clone's origin cannot be destroyed before the clone.
        lastCleanup.Add(() => Zfs("destroy", "-r", dataset));
        return uuid;
    }

    public string MountRoot => Path.Combine(cn.Directory, "mnt");

    public string Root(string zone) => $"{cn.Pool}/{zone}";

    public string Data(string zone) => Root(zone) + "/data";

    /// <summary>
    /// Mounts the zone root at &lt;cn&gt;/mnt/&lt;uuid&gt; (the testbed pool mounts nothing) and returns the path. ZFS
    /// refuses to move a mountpoint a zoned child inherits, so /data's zoned is off while the root's is set.
    /// </summary>
    public string MountRootOf(string zone)
    {
        var path = Path.Combine(MountRoot, zone);
        if (Zfs("get", "-H", "-o", "value", "mountpoint", Root(zone)).Trim() == path)
        {
            return path;
        }

        var hasData = Zfs("list", "-H", "-o", "name", "-r", Root(zone)).Split('\n').Contains(Data(zone));
        if (hasData)
        {
            Zfs("set", "zoned=off", Data(zone));
        }

        Zfs("set", $"mountpoint={path}", Root(zone));
        if (hasData)
        {
            if (Zfs("get", "-H", "-o", "value", "mounted", Data(zone)).Trim() == "yes")
            {
                Zfs("umount", Data(zone));
            }

            Zfs("set", "zoned=on", Data(zone));
        }

        return path;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with <c>/data</c> mounted in the global zone. zfs-fuse, like illumos, will not
    /// mount a zoned=on dataset there, so zoned is switched off around the work and back on after.
    /// </summary>
    public void WithDataMounted(string zone, Action<string> work)
    {
        var root = MountRootOf(zone);
        var data = Data(zone);
        Zfs("set", "zoned=off", data);
        try
        {
            if (Zfs("get", "-H", "-o", "value", "mounted", data).Trim() != "yes")
            {
                Zfs("mount", data);
            }

            work(Path.Combine(root, "data"));
        }
        finally
        {
            if (Zfs("get", "-H", "-o", "value", "mounted", data).Trim() == "yes")
            {
                Zfs("umount", data);
            }

            Zfs("set", "zoned=on", data);
        }
    }

    /// <summary>guid, referenced and the snapshots (name and guid) of /data and below, by the real zfs.</summary>
    public string DataIdentity(string zone) =>
        Zfs("get", "-H", "-p", "-r", "-o", "name,property,value", "guid,referenced", Data(zone));

    /// <summary>Everything a refusal must leave alone: every dataset and snapshot of the pool (name, guid, referenced) and vmadm's state.</summary>
    public string State()
    {
        var datasets = Zfs("list", "-H", "-t", "all", "-r", "-o", "name,guid,referenced", cn.Pool);
        var vmadm = string.Concat(Directory.GetFiles(Path.Combine(cn.Directory, "vmadm"))
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => f + "\n" + File.ReadAllText(f)));
        return datasets + "\n--\n" + vmadm;
    }

    /// <summary>The stand-in's journal lines for a zone: "what:state-after", oldest first.</summary>
    public IReadOnlyList<string> Journal(string zone)
    {
        var path = Path.Combine(cn.Directory, "vmadm", "journal");
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Split(' ')).Where(f => f.Length == 4 && f[1] == zone).Select(f => $"{f[2]}:{f[3]}").ToList()
            : [];
    }

    public JsonObject Vm(string zone) => JsonNode.Parse(Run("vmadm", ["get", zone]))!.AsObject();

    public string Zfs(params string[] arguments) => TestbedFixture.RunOnCn(cn, RealZfs, arguments);

    public string Run(string program, IReadOnlyList<string> arguments, string? stdin = null)
    {
        using var transport = new LocalTransport(cn.Name, cn.Environment, TimeSpan.FromSeconds(60));
        return transport.Run(new NativeCommand(program, arguments) { StandardInput = stdin }).StandardOutput;
    }

    public void Dispose()
    {
        foreach (var step in cleanup.Concat(lastCleanup))
        {
            try
            {
                step();
            }
            catch (Exception)
            {
                // Best effort: the CN is stopped with the fixture anyway.
            }
        }
    }
}

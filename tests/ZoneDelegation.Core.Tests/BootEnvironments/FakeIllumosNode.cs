using System.Text;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.BootEnvironments;

/// <summary>
/// A scripted illumos CN with one zone z1 (zonepath /zones/z1 on rpool/zones/z1): no sysinfo, no vmadm,
/// zoneadm list -cp, beadm list -H with two global BEs (omnios-1 booted, omnios-0 older), and a zone BE
/// tree described entry by entry, in the order zfs would print it. The BE container is illumos's
/// <c>ROOT</c> below the zonepath dataset unless another (Solaris 11's <c>rpool/ROOT</c>) is given.
/// </summary>
internal sealed class FakeIllumosNode(string containerBelowZonePath = "ROOT")
{
    public const string Pool = "rpool";
    public const string ZonePathDataset = "rpool/zones/z1";
    public const string Container = ZonePathDataset + "/ROOT";
    public const string CurrentUuid = "4d2b1c1e-8f59-4bd6-a2f5-0b6f0a1c2d3e";
    public const string OldUuid = "9a8b7c6d-1111-4222-8333-944455566677";
    public const string GoneUuid = "00000000-dead-4bee-8fee-000000000001";

    private readonly List<Entry> entries = [];
    private readonly List<(string Name, string Origin)> external = [];

    public string ZoneState { get; set; } = "installed";

    /// <summary>What beadm list -H prints (replaceable, e.g. for a global BE without uuid).</summary>
    public string BeadmList { get; set; } =
        $"omnios-0;{OldUuid};;;123456;static;1690000000\n" +
        $"omnios-1;{CurrentUuid};NR;/;654321;static;1700000000\n";

    /// <summary>This node's BE container: <see cref="Container"/> unless another layout was given.</summary>
    public string ContainerName { get; } = ZonePathDataset + "/" + containerBelowZonePath;

    /// <summary>A dataset below this node's container (<see cref="Ds"/> is the same for the default ROOT).</summary>
    public string In(string relative) => ContainerName + "/" + relative;

    private sealed record Entry(string Name, bool Snapshot, string? Origin, Dictionary<string, (string Value, string Source)> Properties);

    public static string Ds(string relative) => Container + "/" + relative;

    /// <summary>A BE root (parentbe/active set locally) or a child dataset (parentbe null).</summary>
    public FakeIllumosNode Fs(string relative, string? origin = null, string? parentBe = null, string? active = null,
        params (string Property, string Value, string Source)[] more)
    {
        var properties = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["canmount"] = ("noauto", "local"),
            ["zoned"] = ("on", "inherited from " + ContainerName),
            ["mountpoint"] = ("legacy", "inherited from " + ContainerName),
        };
        if (parentBe is not null)
        {
            properties[BootEnvironmentProperties.ParentBe] = (parentBe, "local");
        }

        if (active is not null)
        {
            properties[BootEnvironmentProperties.Active] = (active, "local");
        }

        foreach (var (property, value, source) in more)
        {
            properties[property] = (value, source);
        }

        entries.Add(new Entry(In(relative), false, origin is null ? null : In(origin), properties));
        return this;
    }

    public FakeIllumosNode Snap(string relative, ulong holds = 0)
    {
        entries.Add(new Entry(In(relative), true, null, new(StringComparer.Ordinal) { ["userrefs"] = (holds.ToString(), "-") }));
        return this;
    }

    /// <summary>A filesystem outside the BE container (full name) cloned from a snapshot inside it (relative).</summary>
    public FakeIllumosNode External(string name, string originRelative)
    {
        external.Add((name, In(originRelative)));
        return this;
    }

    public string TreeOutput()
    {
        var text = new StringBuilder();
        void Row(string name, string property, string value, string source) =>
            text.Append(name).Append('\t').Append(property).Append('\t').Append(value).Append('\t').Append(source).Append('\n');
        var all = new List<Entry> { new(ContainerName, false, null, new(StringComparer.Ordinal) { ["zoned"] = ("on", "local"), ["mountpoint"] = ("legacy", "local"), ["canmount"] = ("on", "default") }) };
        all.AddRange(entries);
        foreach (var entry in all)
        {
            foreach (var property in TreeProperties)
            {
                var (value, source) = property switch
                {
                    "type" => (entry.Snapshot ? "snapshot" : "filesystem", "-"),
                    "origin" => (entry.Origin ?? "-", "-"),
                    "creation" => ("1700000000", "-"),
                    "used" => ("1024", "-"),
                    "referenced" => ("2048", "-"),
                    "userrefs" when !entry.Snapshot => ("-", "-"),
                    _ when entry.Properties.TryGetValue(property, out var given) => given,
                    _ when entry.Snapshot && property is "canmount" or "zoned" or "mountpoint" => ("-", "-"),
                    _ => ("-", "-"),
                };
                Row(entry.Name, property, value, source);
            }
        }

        return text.ToString();
    }

    public string OriginsOutput()
    {
        var text = new StringBuilder();
        text.Append($"{Pool}\torigin\t-\t-\n");
        foreach (var entry in entries.Where(e => !e.Snapshot))
        {
            text.Append($"{entry.Name}\torigin\t{entry.Origin ?? "-"}\t-\n");
        }

        foreach (var (name, origin) in external)
        {
            text.Append($"{name}\torigin\t{origin}\t-\n");
        }

        return text.ToString();
    }

    private static IReadOnlyList<string> TreeProperties =>
        ZoneBootEnvironmentStateReader.TreeCommand(Core.Zfs.Names.DatasetName.Parse(Container)).Arguments[^2].Split(',');

    /// <summary>zfs list -H -o name,mountpoint -t filesystem: the pool, the zonepath dataset, every dataset down to the container.</summary>
    public string MountpointOutput()
    {
        var text = new StringBuilder($"{Pool}\t/rpool\n{Pool}/zones\t/zones\n{ZonePathDataset}\t/zones/z1\n");
        var below = ContainerName[(ZonePathDataset.Length + 1)..].Split('/');
        for (var depth = 1; depth <= below.Length; depth++)
        {
            text.Append(ZonePathDataset).Append('/').Append(string.Join('/', below[..depth])).Append("\tlegacy\n");
        }

        return text.ToString();
    }

    public static string Key(NativeCommand command) => ScriptedTransport.Key(command);

    public ScriptedTransport Transport()
    {
        var transport = new ScriptedTransport("omni1")
            .Missing("sysinfo")
            .Missing("vmadm")
            .On("zfs list -H -p -o name zones", exitCode: 1, stderr: "cannot open 'zones': dataset does not exist\n")
            .On("zoneadm list -cp",
                "0:global:running:/::ipkg:shared:0\n" +
                $"-:z1:{ZoneState}:/zones/z1:1b3c5d7e-0000-4000-8000-00000000000a:lipkg:excl:0\n" +
                "-:web:configured:/zones/web::bhyve:excl:0\n")
            .On("beadm list -H", BeadmList)
            .On(Key(ZoneDatasetIndex.MountpointCommand), MountpointOutput())
            .OnCommand(Key(ZoneBootEnvironmentStateReader.TreeCommand(Core.Zfs.Names.DatasetName.Parse(ContainerName))), _ => (TreeOutput(), 0, ""))
            .OnCommand(Key(ZoneDatasetIndex.OriginsCommand(Pool)), _ => (OriginsOutput(), 0, ""));
        return transport;
    }

    /// <summary>The chain of three clones: zbe, zbe-1 cloned from zbe@zbe-1, zbe-2 cloned from zbe-1@zbe-2 (active).</summary>
    public static FakeIllumosNode ChainOfThree() => new FakeIllumosNode()
        .Fs("zbe", parentBe: CurrentUuid, active: "off")
        .Snap("zbe@zbe-1")
        .Fs("zbe-1", origin: "zbe@zbe-1", parentBe: CurrentUuid, active: "off")
        .Snap("zbe-1@zbe-2")
        .Fs("zbe-2", origin: "zbe-1@zbe-2", parentBe: CurrentUuid, active: "on");
}

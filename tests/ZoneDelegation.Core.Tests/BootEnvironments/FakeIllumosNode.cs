using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.BootEnvironments;

/// <summary>
/// A scripted illumos CN with one zone z1 (zonepath /zones/z1 on rpool/zones/z1): no sysinfo, no vmadm,
/// zoneadm list -cp, beadm list -H with two global BEs (omnios-1 booted, omnios-0 older), and a zone BE
/// tree described entry by entry, in the order zfs would print it. The BE container is illumos's
/// <c>ROOT</c> below the zonepath dataset unless another (Solaris 11's <c>rpool/ROOT</c>) is given; null: none.
/// </summary>
internal sealed class FakeIllumosNode(string? containerBelowZonePath = "ROOT")
{
    public const string Pool = "rpool";
    public const string ZonePathDataset = "rpool/zones/z1";
    public const string Container = ZonePathDataset + "/ROOT";
    public const string CurrentUuid = "4d2b1c1e-8f59-4bd6-a2f5-0b6f0a1c2d3e";
    public const string OldUuid = "9a8b7c6d-1111-4222-8333-944455566677";
    public const string GoneUuid = "00000000-dead-4bee-8fee-000000000001";

    private readonly List<(string Name, bool Snapshot, (string, string, string)[] Properties)> tree = [];
    private readonly List<(string Name, string Origin)> external = [];

    public string ZoneState { get; set; } = "installed";

    /// <summary>Called with the pool model before each command, so a test can change it between reads.</summary>
    public Action<FakeZfs>? Arrange { get; set; }

    /// <summary>What beadm list -H prints (replaceable, e.g. for a global BE without uuid).</summary>
    public string BeadmList { get; set; } =
        $"omnios-0;{OldUuid};;;123456;static;1690000000\n" +
        $"omnios-1;{CurrentUuid};NR;/;654321;static;1700000000\n";

    /// <summary>This node's BE container: <see cref="Container"/> unless another layout was given.</summary>
    public string ContainerName { get; } = ZonePathDataset + "/" + (containerBelowZonePath ?? "ROOT");

    /// <summary>A dataset below this node's container (<see cref="Ds"/> is the same for the default ROOT).</summary>
    public string In(string relative) => ContainerName + "/" + relative;

    public static string Ds(string relative) => Container + "/" + relative;

    /// <summary>A BE root (parentbe/active set locally) or a child dataset (parentbe null).</summary>
    public FakeIllumosNode Fs(string relative, string? origin = null, string? parentBe = null, string? active = null,
        params (string Property, string Value, string Source)[] more)
    {
        var properties = new List<(string, string, string)>
        {
            ("canmount", "noauto", "local"),
            ("zoned", "on", "inherited from " + ContainerName),
            ("mountpoint", "legacy", "inherited from " + ContainerName),
        };
        if (origin is not null)
        {
            properties.Add(("origin", In(origin), "-"));
        }

        if (parentBe is not null)
        {
            properties.Add((BootEnvironmentProperties.ParentBe, parentBe, "local"));
        }

        if (active is not null)
        {
            properties.Add((BootEnvironmentProperties.Active, active, "local"));
        }

        properties.AddRange(more.Select(m => (m.Property, m.Value, m.Source)));
        tree.Add((In(relative), false, properties.ToArray()));
        return this;
    }

    public FakeIllumosNode Snap(string relative, ulong holds = 0)
    {
        tree.Add((In(relative), true, [("userrefs", holds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-")]));
        return this;
    }

    /// <summary>A filesystem outside the BE container (full name) cloned from a snapshot inside it (relative).</summary>
    public FakeIllumosNode External(string name, string originRelative)
    {
        external.Add((name, In(originRelative)));
        return this;
    }

    /// <summary>
    /// The CN's datasets as zfs would hold them: the pool, the zonepath dataset, every dataset down to the
    /// container (zoned, as the zone's own), the tree, the external clones.
    /// </summary>
    public FakeZfs Datasets()
    {
        var zfs = new FakeZfs();
        zfs.Add(Pool, false, ("mountpoint", "/rpool", "default"));
        zfs.Add(Pool + "/zones", false, ("mountpoint", "/zones", "local"));
        zfs.Add(ZonePathDataset, false, ("mountpoint", "/zones/z1", "inherited from rpool/zones"));
        var below = containerBelowZonePath?.Split('/') ?? [];
        for (var depth = 1; depth <= below.Length; depth++)
        {
            zfs.Add(ZonePathDataset + "/" + string.Join('/', below[..depth]), false,
                ("zoned", "on", "local"), ("mountpoint", "legacy", "local"), ("canmount", "on", "default"));
        }

        foreach (var (name, snapshot, properties) in tree)
        {
            zfs.Add(name, snapshot, properties);
        }

        foreach (var (name, origin) in external)
        {
            zfs.Add(name, false, ("origin", origin, "-"));
        }

        return zfs;
    }

    public static string Key(NativeCommand command) => ScriptedTransport.Key(command);

    public ScriptedTransport Transport()
    {
        var zfs = Datasets();
        var transport = new ScriptedTransport("omni1")
            .Missing("sysinfo")
            .Missing("vmadm")
            .On("zfs list -H -p -o name zones", exitCode: 1, stderr: "cannot open 'zones': dataset does not exist\n")
            .On("zoneadm list -cp",
                "0:global:running:/::ipkg:shared:0\n" +
                $"-:z1:{ZoneState}:/zones/z1:1b3c5d7e-0000-4000-8000-00000000000a:lipkg:excl:0\n" +
                "-:web:configured:/zones/web::bhyve:excl:0\n")
            .On("beadm list -H", BeadmList)
            .OnProgram("zfs", command =>
            {
                Arrange?.Invoke(zfs);
                return zfs.Answer(command);
            });
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

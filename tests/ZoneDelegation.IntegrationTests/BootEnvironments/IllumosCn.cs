using ZoneDelegation.Core.Transport;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.BootEnvironments;

/// <summary>Arrange and assert helpers on an illumos sandbox CN: real zfs-fuse commands, run locally with the CN's environment.</summary>
internal static class IllumosCn
{
    public const string Zfs = "/usr/sbin/zfs";
    public const string CurrentUuid = "7b1d4e6f-2c3a-4d9e-8f8b-62a1c3d4e502";
    public const string OldUuid = "6a0c3d5e-1b2f-4c8d-9e7a-51f0b2c3d401";

    public static string Run(TestbedCn cn, params string[] arguments) => TestbedFixture.RunOnCn(cn, Zfs, arguments);

    /// <summary>A new zone on the CN with one BE zbe (active, of the booted global BE); returns its BE container.</summary>
    public static string AddZone(TestbedCn cn, string zone)
    {
        TestbedScript.Run(["illumos-zone", cn.Name, zone]);
        return $"{cn.Pool}/zones/{zone}/ROOT";
    }

    /// <summary>The same with Solaris 11's layout: the BEs in &lt;zonepath dataset&gt;/rpool/ROOT; returns that container.</summary>
    public static string AddSolarisZone(TestbedCn cn, string zone)
    {
        TestbedScript.Run(["illumos-zone", cn.Name, zone, "--layout", "solaris11"]);
        return $"{cn.Pool}/zones/{zone}/rpool/ROOT";
    }

    /// <summary>The witness: byte for byte what a refusal must leave unchanged.</summary>
    public static string Listing(TestbedCn cn) =>
        Run(cn, "list", "-t", "all", "-o", "name,origin,org.opensolaris.libbe:active,org.opensolaris.libbe:parentbe", "-r", cn.Pool);

    /// <summary>Every filesystem and snapshot name of the pool.</summary>
    public static HashSet<string> Names(TestbedCn cn) =>
        Run(cn, "list", "-H", "-t", "all", "-o", "name", "-r", cn.Pool).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public static string Origin(TestbedCn cn, string dataset) => Run(cn, "get", "-H", "-o", "value", "origin", dataset).Trim();

    public static void Write(TestbedCn cn, string dataset, string content) =>
        WithMounted(cn, dataset, path => File.WriteAllText(Path.Combine(path, "be.txt"), content));

    public static string Read(TestbedCn cn, string dataset)
    {
        var content = string.Empty;
        WithMounted(cn, dataset, path => content = File.ReadAllText(Path.Combine(path, "be.txt")));
        return content;
    }

    /// <summary>
    /// Zone BEs are zoned (the global zone cannot mount them) with an inherited legacy mountpoint. To read
    /// or write a file the test takes it out of the zone for a moment, mounts it under the CN's folder,
    /// and puts both properties back to inherited.
    /// </summary>
    private static void WithMounted(TestbedCn cn, string dataset, Action<string> action)
    {
        var path = Path.Combine(cn.Directory, "mnt", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        Run(cn, "set", "zoned=off", dataset);
        Run(cn, "set", "mountpoint=" + path, dataset);
        try
        {
            Run(cn, "mount", dataset);
            try
            {
                action(path);
            }
            finally
            {
                Run(cn, "umount", dataset);
            }
        }
        finally
        {
            Run(cn, "inherit", "mountpoint", dataset);
            Run(cn, "inherit", "zoned", dataset);
            Directory.Delete(path);
        }
    }
}

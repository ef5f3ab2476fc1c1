using Xunit;
using System.Globalization;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>
/// A running sandbox compute node, as <c>testbed.sh start</c> describes it: a real sshd on
/// <see cref="Address"/>:<see cref="Port"/>, a real zfs-fuse pool <see cref="Pool"/>, and the
/// stand-ins of its <see cref="Platform"/> on its PATH (<see cref="Environment"/>).
/// </summary>
public sealed record TestbedCn
{
    public required string Name { get; init; }

    public required string Address { get; init; }

    public required int Port { get; init; }

    public required string User { get; init; }

    public required string IdentityFile { get; init; }

    public required string KnownHostsFile { get; init; }

    /// <summary>The sshd's host key fingerprint, SHA256:...</summary>
    public required string HostKeyFingerprint { get; init; }

    /// <summary>The CN's real zfs-fuse pool (stands for SmartOS's "zones"; the name is unique per CN).</summary>
    public required string Pool { get; init; }

    public required string Directory { get; init; }

    /// <summary>"smartos" (all stand-ins) or "legacy" (real zfs-fuse, sysinfo only).</summary>
    public required string Platform { get; init; }

    public required string LiveImage { get; init; }

    /// <summary>The CN's environment (PATH with its stand-ins, ZD_POOL, ...) for running its commands locally.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public string SshdLog => Path.Combine(Directory, "sshd.log");

    /// <summary>Options that reach this CN over ssh exactly as an operator would, minus their ssh config.</summary>
    internal SshConnectionOptions SshOptions(HostKeyPolicy policy = HostKeyPolicy.Strict) => new()
    {
        Name = Name,
        HostName = Address,
        Port = Port,
        User = User,
        IdentityFile = IdentityFile,
        KnownHostsFile = KnownHostsFile,
        HostKeyPolicy = policy,
        ConfigFile = "/dev/null",
        ConnectTimeout = TimeSpan.FromSeconds(10),
        DefaultCommandTimeout = TimeSpan.FromSeconds(60),
    };

    internal static TestbedCn Parse(string description, IReadOnlyDictionary<string, string> environment)
    {
        var values = TestbedOutput.KeyValues(description);
        string Get(string key) => values.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"testbed.sh did not describe '{key}':\n{description}");
        return new TestbedCn
        {
            Name = Get("name"),
            Address = Get("address"),
            Port = int.Parse(Get("port"), CultureInfo.InvariantCulture),
            User = Get("user"),
            IdentityFile = Get("identity_file"),
            KnownHostsFile = Get("known_hosts"),
            HostKeyFingerprint = Get("host_key_fingerprint"),
            Pool = Get("pool"),
            Directory = Get("cn_dir"),
            Platform = Get("platform"),
            LiveImage = Get("live_image"),
            Environment = environment,
        };
    }
}

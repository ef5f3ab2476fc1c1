using Xunit;
namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>What the testbed needs on this machine, and whether a missing piece may skip tests.</summary>
public static class TestbedRequirements
{
    /// <summary>CI installs everything: there, a missing piece is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the testbed can run here, else why not.</summary>
    public static string? MissingReason { get; } = FindMissing();

    private static string? FindMissing()
    {
        if (OperatingSystem.IsWindows())
        {
            return "the testbed needs Linux";
        }

        // Environment.UserName is the effective user's name on Unix.
        if (Environment.UserName != "root")
        {
            return "the testbed needs root (sshd on 127.0.0.x, zfs-fuse pools)";
        }

        string[][] needed =
        [
            ["/usr/sbin/sshd", "openssh-server"],
            ["/usr/sbin/zfs-fuse", "zfs-fuse"],
            ["/usr/sbin/zpool", "zfs-fuse"],
            ["/usr/bin/ssh", "openssh-client"],
            ["/usr/bin/ssh-keygen", "openssh-client"],
        ];
        foreach (var pair in needed)
        {
            if (!File.Exists(pair[0]))
            {
                return $"{pair[0]} is missing (apt-get install {pair[1]})";
            }
        }

        return OnPath("python3") ? null : "python3 is missing (the stand-ins need it)";
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, program)));
}

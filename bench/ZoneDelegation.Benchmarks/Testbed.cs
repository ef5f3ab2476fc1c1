using System.Globalization;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.Benchmarks;

/// <summary>Starts and stops sandbox CNs with tests/testbed/testbed.sh (the integration tests' fixture does the same).</summary>
internal static class Testbed
{
    public static string ScriptPath { get; } = Path.Combine(FindRepositoryRoot(), "tests", "testbed", "testbed.sh");

    public static Cn Start(string name)
    {
        var description = TestbedOutput.KeyValues(Run("start", name, "--platform", "smartos"));
        var environment = TestbedOutput.KeyValues(Run("env", name));
        return new Cn(name, description["address"], int.Parse(description["port"], CultureInfo.InvariantCulture), description["user"],
            description["identity_file"], description["known_hosts"], description["pool"], description["cn_dir"], environment);
    }

    public static void Stop(string name) => Run("stop", name);

    private static string Run(params string[] arguments)
    {
        using var transport = new LocalTransport("testbed", defaultTimeout: TimeSpan.FromMinutes(2));
        return transport.Run(new NativeCommand("bash", [ScriptPath, .. arguments])).StandardOutput;
    }

    // Above the binaries, or (built with --artifacts-path elsewhere) above the current directory.
    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ZoneDelegation.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No ZoneDelegation.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }

    internal sealed record Cn(string Name, string Address, int Port, string User, string IdentityFile, string KnownHostsFile,
        string Pool, string Directory, IReadOnlyDictionary<string, string> Environment)
    {
        public SshConnectionOptions SshOptions() => new()
        {
            Name = Name,
            HostName = Address,
            Port = Port,
            User = User,
            IdentityFile = IdentityFile,
            KnownHostsFile = KnownHostsFile,
            HostKeyPolicy = HostKeyPolicy.Strict,
            ConfigFile = "/dev/null",
            DefaultCommandTimeout = TimeSpan.FromMinutes(10),
        };
    }
}

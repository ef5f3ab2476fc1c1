using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// Sandbox CNs of the testbed (tests/testbed/testbed.sh: a real sshd each) for the transport runs. Every CN
/// started here is stopped here, by name; other people's CNs are never touched.
/// </summary>
internal sealed class SandboxCns : IDisposable
{
    private readonly string script = Path.Combine(FindRepositoryRoot(), "tests", "testbed", "testbed.sh");
    private readonly List<string> started = [];

    /// <summary>Starts a CN and returns the ssh options that reach it, and its pool ("" with --no-pool).</summary>
    public (SshConnectionOptions Options, string Pool) Start(string name, params string[] extra)
    {
        lock (started)
        {
            started.Add(name);
        }

        var description = TestbedOutput.KeyValues(Run(["start", name, .. extra]));
        var options = new SshConnectionOptions
        {
            Name = name,
            HostName = description["address"],
            Port = int.Parse(description["port"], System.Globalization.CultureInfo.InvariantCulture),
            User = description["user"],
            IdentityFile = description["identity_file"],
            KnownHostsFile = description["known_hosts"],
            ConfigFile = "/dev/null",
        };
        return (options, description["pool"]);
    }

    public void Dispose()
    {
        foreach (var name in started)
        {
            try
            {
                Run(["stop", name]);
            }
            catch (Exception error)
            {
                Console.Error.WriteLine($"could not stop sandbox CN {name}: {error.Message}");
            }
        }
    }

    private string Run(IReadOnlyList<string> arguments)
    {
        using var local = new LocalTransport("testbed", defaultTimeout: TimeSpan.FromSeconds(120));
        return local.Run(new NativeCommand("bash", [script, .. arguments])).StandardOutput;
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ZoneDelegation.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run from inside the repository: no ZoneDelegation.sln above the current folder.");
    }
}

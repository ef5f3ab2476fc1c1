using Xunit;
using System.Runtime.CompilerServices;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>Runs tests/testbed/testbed.sh (honours ZD_TESTBED_ROOT from the environment).</summary>
public static class TestbedScript
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ScriptPath => Path.Combine(RepositoryRoot, "tests", "testbed", "testbed.sh");

    public static TestbedCn Start(string name, string platform = "smartos", string? liveImage = null, int? memoryMiB = null)
    {
        List<string> arguments = ["start", name, "--platform", platform];
        if (liveImage is not null)
        {
            arguments.AddRange(["--live-image", liveImage]);
        }

        if (memoryMiB is { } memory)
        {
            arguments.AddRange(["--memory-mib", memory.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        var description = Run(arguments);
        var environment = TestbedOutput.KeyValues(Run(["env", name]));
        return TestbedCn.Parse(description, environment);
    }

    public static void Stop(string name) => Run(["stop", name]);

    /// <summary>Fault injection: SIGKILL the CN's sshd and every session under it.</summary>
    public static void KillSshd(string name) => Run(["kill-sshd", name]);

    public static string Run(IReadOnlyList<string> arguments)
    {
        using var transport = new LocalTransport("testbed", defaultTimeout: TimeSpan.FromSeconds(60));
        return transport.Run(new NativeCommand("bash", [ScriptPath, .. arguments])).StandardOutput;
    }

    /// <summary>
    /// The checkout: above the test binaries, or (when built with --artifacts-path elsewhere) above
    /// this source file as the compiler saw it.
    /// </summary>
    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ZoneDelegation.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No ZoneDelegation.sln above {AppContext.BaseDirectory} or {sourceFile}.");
    }
}

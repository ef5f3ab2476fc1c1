using System.Diagnostics;
using Xunit;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Policy;

/// <summary>
/// Issue 8 item 12, the refusal: a user who may write the policy's folder but does not own the file cannot
/// replace it, because the new file could not keep the owner. Run for real as another user (nobody, through
/// setpriv), with this assembly's <c>save-policy</c> mode; the file, its owner and the folder are checked after.
/// </summary>
public sealed class PolicyFileOwnerTests : IDisposable
{
    private const string Nobody = "65534";

    private readonly DirectoryInfo app = Directory.CreateTempSubdirectory("zd-owner-app-");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("zd-owner-policy-");

    public void Dispose()
    {
        app.Delete(recursive: true);
        folder.Delete(recursive: true);
    }

    [TestbedFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_user_writing_a_policy_file_root_owns_changes_nothing()
    {
        // The checkout may be unreadable to nobody: the assembly runs from a copy every user may read.
        CopyReadable(AppContext.BaseDirectory, app.FullName);
        var path = Path.Combine(folder.FullName, "policy.json");
        // Written directly: a lock file left by a save as root would refuse nobody for another reason.
        File.WriteAllText(path, "{\"snapshotLimit\": 128}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Run("chown", $"{Nobody}:{Nobody}", folder.FullName);
        var before = File.ReadAllText(path);

        var dotnet = Environment.ProcessPath ?? "dotnet";
        Assert.True(Run("setpriv", "--reuid", Nobody, "--regid", Nobody, "--clear-groups", "--", "test", "-x", dotnet).ExitCode == 0,
            $"nobody cannot run {dotnet}: this test needs a .NET runtime every user may execute");

        var (exitCode, output) = Run("setpriv", "--reuid", Nobody, "--regid", Nobody, "--clear-groups", "--",
            "/usr/bin/env", $"HOME={folder.FullName}", $"DOTNET_CLI_HOME={folder.FullName}",
            dotnet, Path.Combine(app.FullName, "ZoneDelegation.IntegrationTests.dll"), "save-policy", path);

        Assert.Equal((3, "PolicyFileNotWritable"), (exitCode, output.Trim()));
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Equal("0:0", Run("stat", "-c", "%u:%g", path).Output.Trim());
        Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CopyReadable(string from, string to)
    {
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var traversable = readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(to, traversable);
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            var copy = Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
            File.SetUnixFileMode(copy.FullName, traversable);
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, readable);
        }
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

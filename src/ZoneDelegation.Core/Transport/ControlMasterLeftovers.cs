using System.Diagnostics;
using System.Globalization;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Finds ssh ControlMasters that an earlier session left behind (it was killed and so was its
/// watchdog) and ends them: every <c>zd-ssh-*</c> folder in the temporary folder names the process
/// that owns it (<see cref="OwnerFileName"/>); when that process is gone, the master is asked to exit
/// and the folder is removed. Run on module import.
/// </summary>
internal static class ControlMasterLeftovers
{
    public const string FolderPrefix = "zd-ssh-";
    public const string OwnerFileName = "owner";

    /// <summary>Writes this process's PID into a socket folder.</summary>
    public static void MarkOwner(string socketDirectory) =>
        File.WriteAllText(Path.Combine(socketDirectory, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");

    /// <summary>Ends the masters of dead owners and removes their folders; returns the folders removed.</summary>
    public static IReadOnlyList<string> CleanUp(string? temporaryFolder = null)
    {
        var removed = new List<string>();
        DirectoryInfo[] folders;
        try
        {
            folders = new DirectoryInfo(temporaryFolder ?? Path.GetTempPath()).GetDirectories(FolderPrefix + "*");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return removed;
        }

        foreach (var folder in folders)
        {
            try
            {
                if (OwnerIsAlive(folder.FullName))
                {
                    continue;
                }

                var socket = Path.Combine(folder.FullName, "master");
                if (File.Exists(socket))
                {
                    ExitMaster(socket);
                }

                folder.Delete(recursive: true);
                removed.Add(folder.FullName);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Best effort: another folder must still be looked at.
            }
        }

        return removed;
    }

    private static bool OwnerIsAlive(string folder)
    {
        var ownerFile = Path.Combine(folder, OwnerFileName);
        if (!File.Exists(ownerFile))
        {
            // A folder being set up right now has no owner file yet: leave young ones alone.
            return Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-1);
        }

        if (!int.TryParse(File.ReadAllText(ownerFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var owner = Process.GetProcessById(pid);
            return !owner.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void ExitMaster(string socket)
    {
        using var exit = ProcessCommand.Start("localhost", new NativeCommand("ssh-control", "exit") { Timeout = TimeSpan.FromSeconds(5) },
            "ssh", ["-F", "/dev/null", "-S", socket, "-O", "exit", "zd-leftover"], null, TimeSpan.FromSeconds(5), ProcessCommandHooks.Local,
            error => new Errors.NativeCommandException(Errors.ErrorIds.SshClientNotFound, Errors.ZoneErrorCategory.NotInstalled,
                "ssh could not be started: " + error.Message, "localhost", "ssh -O exit", null, string.Empty),
            ignoreAmbient: true);
        try
        {
            exit.Complete();
        }
        catch (Errors.NativeCommandException)
        {
            // A dead socket: nothing answers, the folder goes anyway.
        }
    }
}

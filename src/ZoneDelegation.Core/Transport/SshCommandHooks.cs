using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The ssh side of one command: reads the markers <see cref="SshRemoteCommand"/> puts on stderr
/// (the start marker only as the first line, the exit marker only at the end of the final line),
/// stops the remote process group on timeout, and tells ssh's own failures from the command's.
/// </summary>
internal sealed class SshCommandHooks : ProcessCommandHooks
{
    private readonly string computeNode;
    private readonly CommandMarkers markers;
    private readonly Action<int> killRemoteGroup;
    // Written by the stderr reader, read by the timeout timer: -1 means "not seen yet".
    private int remotePid = -1;
    private int remoteExitCode = -1;

    public SshCommandHooks(string computeNode, CommandMarkers markers, Action<int> killRemoteGroup)
    {
        this.computeNode = computeNode;
        this.markers = markers;
        this.killRemoteGroup = killRemoteGroup;
    }

    public override string? FilterFirstStandardErrorLine(string line)
    {
        if (markers.ParsePid(line) is { } pid)
        {
            Volatile.Write(ref remotePid, pid);
            return null;
        }

        return line;
    }

    public override string? FilterFinalStandardErrorLine(string line)
    {
        if (Volatile.Read(ref remotePid) >= 0 && markers.ParseExit(line) is { } exit)
        {
            Volatile.Write(ref remoteExitCode, exit.ExitCode);
            return exit.Before.Length == 0 ? null : exit.Before;
        }

        return line;
    }

    public override void StopFarEnd()
    {
        var pid = Volatile.Read(ref remotePid);
        if (pid > 0)
        {
            killRemoteGroup(pid);
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "ssh gave no reason.";

    public override (int ExitCode, NativeCommandException? CarrierFailure) InterpretExit(
        int processExitCode, string standardError, NativeCommand command)
    {
        var exitCode = Volatile.Read(ref remoteExitCode);
        if (exitCode >= 0)
        {
            // The command ran to its end: its own exit code counts, whatever ssh did afterwards.
            return (exitCode, null);
        }

        if (processExitCode != 255)
        {
            return (processExitCode, null);
        }

        // ssh's own failure. If the command had started, the connection broke under it; if not, it never ran.
        var failure = Volatile.Read(ref remotePid) < 0
            ? SshFailureClassifier.Classify(standardError, SshPhase.Command, computeNode)
            : SshFailureClassifier.LostDuringCommand(standardError, computeNode);
        if (Volatile.Read(ref remotePid) < 0 && failure.ErrorId == ErrorIds.ConnectionLost)
        {
            failure = failure with
            {
                Message = $"The ssh connection to {computeNode} did not carry the command; it was not started (the master refused a session, or is gone): {LastLine(standardError)}",
            };
        }

        return (processExitCode, CommandErrors.FromSshFailure(failure, command, computeNode, standardError));
    }
}

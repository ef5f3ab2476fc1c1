using System.Globalization;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The command string sshd hands to the CN's login shell. It assumes a POSIX shell there (SmartOS
/// root logs in with bash). Every argument is single-quoted by <see cref="PosixShell"/>, so the
/// shell expands nothing. Two markers with a random nonce (<see cref="CommandMarkers"/>) frame the
/// command on stderr: the start marker first (the shell's PID; sshd starts each session with setsid,
/// so its process group is the session: a timeout kills that group), and the exit marker last (the
/// command's own exit code, which tells a remote exit 255 apart from ssh's own failure, and a
/// finished command from a lost connection). Both are removed from the stderr we report.
/// </summary>
internal static class SshRemoteCommand
{
    /// <summary>
    /// Ends the remote process group of a timed-out command: TERM, a short grace, then KILL.
    /// The PID arrives as $1, never pasted into the script.
    /// </summary>
    public const string KillScript =
        // "kill -SIG -pgid" without "--": dash's builtin rejects "--", and bash and ksh accept this form.
        "pgid=$(ps -o pgid= -p \"$1\" 2>/dev/null | tr -d ' '); [ -n \"$pgid\" ] || pgid=$1; " +
        "kill -TERM \"-$pgid\" 2>/dev/null || kill -TERM \"$1\" 2>/dev/null; " +
        "i=0; while kill -0 \"-$pgid\" 2>/dev/null && [ $i -lt 10 ]; do sleep 0.2 2>/dev/null || sleep 1; i=$((i+1)); done; " +
        "kill -KILL \"-$pgid\" 2>/dev/null; exit 0";

    public static string Build(NativeCommand command, CommandMarkers markers)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(markers);
        return $"echo \"{markers.PidPrefix}$$@@\" >&2; LC_ALL=C; export LC_ALL; " +
               PosixShell.Join(command.Program, command.Arguments) +
               $"; zd_rc=$?; echo \"{markers.ExitPrefix}$zd_rc@@\" >&2; exit $zd_rc";
    }

    /// <summary>The command that stops the remote process group whose leader printed <paramref name="pid"/>.</summary>
    public static NativeCommand Kill(int pid) =>
        new("/bin/sh", "-c", KillScript, "zd-kill", pid.ToString(CultureInfo.InvariantCulture))
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
}

using System.Diagnostics;
using System.Globalization;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Ties an ssh ControlMaster's life to this process. The master is our child, but a child outlives a
/// parent killed with SIGKILL (it goes to PID 1, with its socket: an authenticated root login for
/// anyone who can reach it). The watchdog is a tiny shell reading a pipe only we hold: when this
/// process dies, however it dies, the pipe ends, and the watchdog ends the master (if that PID is
/// still that master) and removes its socket folder. Any transport that keeps a long-lived child can use it.
/// </summary>
internal sealed class MasterWatchdog : IDisposable
{
    /// <summary>$1: the master's PID, $2: its socket folder (the master's command line names it, which tells a recycled PID apart).</summary>
    public const string Script =
        "cat >/dev/null 2>&1; " +
        "if ps -o args= -p \"$1\" 2>/dev/null | grep -qF -- \"$2\"; then " +
        "kill -TERM \"$1\" 2>/dev/null; i=0; while kill -0 \"$1\" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done; " +
        "kill -KILL \"$1\" 2>/dev/null; fi; rm -rf -- \"$2\"";

    private readonly Process process;

    private MasterWatchdog(Process process) => this.process = process;

    public int ProcessId => process.Id;

    /// <summary>Starts the watchdog of the master <paramref name="masterPid"/> whose socket lives in <paramref name="socketDirectory"/>.</summary>
    public static MasterWatchdog Start(int masterPid, string socketDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketDirectory);
        var process = ProcessLauncher.Start("/bin/sh",
            ["-c", Script, "zd-ssh-watchdog", masterPid.ToString(CultureInfo.InvariantCulture), socketDirectory], null,
            error => new InvalidOperationException("The ssh master's watchdog (/bin/sh) could not be started: " + error.Message, error));
        return new MasterWatchdog(process);
    }

    /// <summary>The master was ended on purpose: the watchdog is released (it finds no master and removes nothing left).</summary>
    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            process.WaitForExit(TimeSpan.FromSeconds(3));
        }
        catch (Exception error) when (error is IOException or InvalidOperationException)
        {
        }

        process.Dispose();
    }
}

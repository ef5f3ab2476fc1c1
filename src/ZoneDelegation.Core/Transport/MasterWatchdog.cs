using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Ties the ssh ControlMasters' lives to this process. A master is our child, but a child outlives a parent killed
/// with SIGKILL (it goes to PID 1, with its socket: an authenticated root login for anyone who can reach it). The
/// watchdog is ONE tiny shell per module process, for all masters (issue 18: one per master cost two processes per
/// CN): it reads registration lines on a pipe only we hold (<c>add &lt;pid&gt; &lt;socket folder&gt;</c> when a master
/// starts, <c>del &lt;pid&gt;</c> when it was ended on purpose). When this process dies, however it dies, the pipe
/// ends, and the watchdog ends every master still registered (if that PID is still that master: its command line
/// names the socket folder, which tells a recycled PID apart) and removes their socket folders. It starts with the
/// first master; should it die (someone killed it), a new one starts and every live registration is written to it
/// again. Any transport that keeps a long-lived child can use it.
/// </summary>
internal sealed partial class MasterWatchdog
{
    /// <summary>
    /// The shell. Registrations are kept as blank-separated <c>pid:folder</c> words (a folder is validated: no blank,
    /// no colon, no glob character; <c>set -f</c> regardless). At end of input: TERM every registered master that is
    /// still that master, wait up to 2 s for them all, KILL those left, remove every folder. Builtins only in the
    /// loops (<c>read</c>, <c>kill -0</c>); <c>ps</c> runs once per master before TERM and once for a survivor.
    /// </summary>
    public const string Script =
        "set -f; list=; " +
        "while read -r op pid dir; do case $op in " +
        "add) list=\"$list $pid:$dir\";; " +
        "del) new=; for e in $list; do [ \"${e%%:*}\" = \"$pid\" ] || new=\"$new $e\"; done; list=$new;; " +
        "esac; done; " +
        "ours() { ps -o args= -p \"$1\" 2>/dev/null | grep -qF -- \"$2\"; }; " +
        "term=; for e in $list; do p=${e%%:*}; d=${e#*:}; if ours \"$p\" \"$d\"; then kill -TERM \"$p\" 2>/dev/null; term=\"$term $e\"; fi; done; " +
        "i=0; while [ $i -lt 20 ]; do alive=; for e in $term; do kill -0 \"${e%%:*}\" 2>/dev/null && alive=1; done; " +
        "[ -z \"$alive\" ] && break; sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done; " +
        "for e in $term; do p=${e%%:*}; d=${e#*:}; if kill -0 \"$p\" 2>/dev/null && ours \"$p\" \"$d\"; then kill -KILL \"$p\" 2>/dev/null; fi; done; " +
        "for e in $list; do rm -rf -- \"${e#*:}\"; done";

    private readonly object gate = new();
    private readonly Dictionary<int, string> registered = [];
    private Process? process;
    private int restarts;

    /// <summary>The watchdog of this process: every OpenSshTransport registers its master here.</summary>
    public static MasterWatchdog Shared { get; } = new();

    /// <summary>The watchdog shell's PID, or null while no master was ever registered (or it could not be restarted).</summary>
    public int? ProcessId
    {
        get
        {
            lock (gate)
            {
                return process?.Id;
            }
        }
    }

    /// <summary>How many times a dead watchdog was replaced (for tests and diagnostics).</summary>
    public int Restarts => Volatile.Read(ref restarts);

    /// <summary>How many masters are registered now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return registered.Count;
            }
        }
    }

    /// <summary>
    /// Registers the master <paramref name="masterPid"/> whose socket lives in <paramref name="socketDirectory"/>; the
    /// watchdog starts with the first one. Dispose the result when the master was ended on purpose.
    /// </summary>
    public IDisposable Watch(int masterPid, string socketDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(masterPid, 2);
        ArgumentException.ThrowIfNullOrEmpty(socketDirectory);
        if (!FolderPattern().IsMatch(socketDirectory))
        {
            // The line protocol splits on blanks and the shell on ':' (and globs are off anyway): our own 0700
            // temporary folders never hold such characters; refuse rather than write something else than we mean.
            throw new ArgumentException($"A socket folder for the watchdog must be an absolute path of letters, digits, '.', '_', '-' and '/': '{socketDirectory}'.",
                nameof(socketDirectory));
        }

        lock (gate)
        {
            registered[masterPid] = socketDirectory;
            if (!Write($"add {masterPid.ToString(CultureInfo.InvariantCulture)} {socketDirectory}"))
            {
                Restart();
            }
        }

        return new Registration(this, masterPid);
    }

    /// <summary>
    /// Tests only: closes the pipe as the death of this process would, so the watchdog ends every registered master
    /// now; the next registration starts a new watchdog.
    /// </summary>
    internal void CloseForTest()
    {
        lock (gate)
        {
            var old = process;
            process = null;
            registered.Clear();
            Close(old);
        }
    }

    private void Unwatch(int masterPid)
    {
        lock (gate)
        {
            if (registered.Remove(masterPid))
            {
                // A dead watchdog needs no del: the next registration restarts it with what is left.
                Write($"del {masterPid.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    /// <summary>Writes one line to the running watchdog; false when there is none or it is gone (the write failed).</summary>
    private bool Write(string line)
    {
        if (process is null || process.HasExited)
        {
            return false;
        }

        try
        {
            process.StandardInput.Write(line + "\n");
            process.StandardInput.Flush();
            return true;
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Starts a new watchdog and registers every live master with it (under the gate).</summary>
    private void Restart()
    {
        var old = process;
        process = null;
        if (old is not null)
        {
            Interlocked.Increment(ref restarts);
            Close(old);
        }

        var started = ProcessLauncher.Start("/bin/sh", ["-c", Script, "zd-ssh-watchdog"], null,
            error => new InvalidOperationException("The ssh masters' watchdog (/bin/sh) could not be started: " + error.Message, error));
        started.EnableRaisingEvents = true;
        started.Exited += (_, _) => OnExited(started);
        process = started;
        foreach (var (pid, folder) in registered)
        {
            if (!Write($"add {pid.ToString(CultureInfo.InvariantCulture)} {folder}"))
            {
                break;
            }
        }
    }

    /// <summary>The watchdog died while we live (someone killed it): start a new one at once, with every registration.</summary>
    private void OnExited(Process exited)
    {
        lock (gate)
        {
            if (!ReferenceEquals(process, exited) || registered.Count == 0)
            {
                return;
            }

            try
            {
                Restart();
            }
            catch (InvalidOperationException)
            {
                // /bin/sh could not start now; the next registration tries again.
            }
            catch (Win32Exception)
            {
            }
        }
    }

    private static void Close(Process? old)
    {
        if (old is null)
        {
            return;
        }

        try
        {
            old.StandardInput.Close();
        }
        catch (Exception error) when (error is IOException or InvalidOperationException)
        {
        }

        old.Dispose();
    }

    [GeneratedRegex(@"\A/[A-Za-z0-9._/-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex FolderPattern();

    private sealed class Registration(MasterWatchdog owner, int pid) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unwatch(pid);
            }
        }
    }
}

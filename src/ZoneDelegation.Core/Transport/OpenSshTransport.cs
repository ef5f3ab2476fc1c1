using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Runs native commands on a compute node through the system OpenSSH client. <see cref="Open"/>
/// starts one ControlMaster (our child process, authenticated once, watched by a
/// <see cref="MasterWatchdog"/> (one per process, for every master) so it cannot outlive us); every command then rides on it as a light
/// <c>ssh -S socket</c> client, so many commands may run at once over one connection. The control
/// socket lives in a private (0700) temporary folder owned by this object. A dead master is
/// ConnectionLost, never a quiet new login; no command starts after Dispose.
/// </summary>
internal sealed partial class OpenSshTransport : ICommandTransport
{
    private static readonly TimeSpan ControlRequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyMargin = TimeSpan.FromSeconds(5);

    private readonly SshConnectionOptions options;
    private readonly string sshExecutable;
    private readonly SshArguments arguments;
    private readonly HostKeyVerification hostKeys;
    private readonly DirectoryInfo socketDirectory;
    private readonly StringBuilder masterError = new();
    private readonly object gate = new();
    private readonly CancellationTokenSource closing = new();
    private Process? master;
    private IDisposable? watchdog;
    private bool disposed;

    public OpenSshTransport(SshConnectionOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        ConnectionOptionsValidator.Validate(options);
        sshExecutable = ProgramResolver.Resolve(options.SshExecutable) ?? throw SshClientNotFound(new Win32Exception(2,
            $"'{options.SshExecutable}' was not found in the absolute entries of PATH (the current directory is never searched)"));
        socketDirectory = Directory.CreateTempSubdirectory(ControlMasterLeftovers.FolderPrefix);
        if (!OperatingSystem.IsWindows())
        {
            // CreateTempSubdirectory already makes it 0700; say so explicitly, the socket grants a login.
            File.SetUnixFileMode(socketDirectory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        ControlMasterLeftovers.MarkOwner(socketDirectory.FullName);
        arguments = new SshArguments(options, Path.Combine(socketDirectory.FullName, "master"), ProgramResolver.Resolve("false") ?? "/bin/false");
        hostKeys = new HostKeyVerification(ComputeNode, options, arguments,
            (display, sshArguments) => StartSsh(display, sshArguments, ProcessCommandHooks.Local, housekeeping: true), SshClientNotFound);
    }

    public string ComputeNode => options.EffectiveName;

    public SshConnectionOptions Options => options;

    /// <summary>The ssh client actually started: <see cref="SshConnectionOptions.SshExecutable"/> resolved to an absolute path.</summary>
    public string SshExecutablePath => sshExecutable;

    /// <summary>The ControlMaster's socket (ssh -S), for diagnostics and tests.</summary>
    public string ControlSocket => arguments.ControlSocket;

    /// <summary>The ControlMaster's process id, or null before Open.</summary>
    public int? MasterProcessId => master?.Id;

    /// <summary>The watchdog's process id (one per module process, shared by every master; tests end it), or null before Open.</summary>
    public int? WatchdogProcessId => watchdog is null ? null : MasterWatchdog.Shared.ProcessId;

    /// <summary>True while the master runs and its socket is there (cheap: no request to the master).</summary>
    public bool IsConnected => !disposed && master is { HasExited: false } && File.Exists(ControlSocket);

    /// <summary>
    /// Starts the ControlMaster and waits until it is ready (socket present and <c>ssh -O check</c>
    /// answers), or it exits (its stderr says why: host key, authentication, unreachable), or
    /// ConnectTimeout plus a margin passes, or the operation is stopped (Ctrl+C). Under AcceptNew it
    /// then checks that the host key was really recorded (HostKeyNotRecorded otherwise). The master's ssh command
    /// line (options and paths, never a key), how the start ended and how long it took go to the verbose stream.
    /// </summary>
    public void Open()
    {
        var notices = CommandNotices.Current;
        var started = Stopwatch.StartNew();
        try
        {
            OpenMaster();
        }
        catch (NativeCommandException failure)
        {
            CommandNotices.Send(notices, CommandNotice.MasterStarted(ComputeNode, MasterCommandLine, "failed: " + failure.ErrorId, started.Elapsed));
            throw;
        }

        CommandNotices.Send(notices, CommandNotice.MasterStarted(ComputeNode, MasterCommandLine, "connected", started.Elapsed));
    }

    /// <summary>The ssh ControlMaster's command line, as errors and the verbose stream show it.</summary>
    private string MasterCommandLine => PosixShell.Join(sshExecutable, arguments.Master());

    private void OpenMaster()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (master is not null)
            {
                throw new InvalidOperationException("The connection is already open.");
            }

            master = StartMaster();
            try
            {
                watchdog = MasterWatchdog.Shared.Watch(master.Id, socketDirectory.FullName);
            }
            catch (ArgumentException refused)
            {
                // An unwatched master could outlive us: it does not run at all.
                KillMaster();
                throw new ZoneDelegationException(ErrorIds.InvalidConnectionParameter, ZoneErrorCategory.InvalidArgument,
                    $"The ssh connection to {ComputeNode} was not opened: {refused.Message}", socketDirectory.FullName,
                    "Set TMPDIR to a folder whose path has only letters, digits, '.', '_', '-' and '/', then run Connect-ComputeNode again.");
            }
            catch
            {
                KillMaster();
                throw;
            }
        }

        var stop = CommandCancellation.Current;
        var deadline = Stopwatch.StartNew();
        var limit = options.ConnectTimeout + ReadyMargin;
        while (true)
        {
            if (master.HasExited)
            {
                master.WaitForExit();
                throw ConnectFailure(MasterStandardError());
            }

            if (File.Exists(ControlSocket) && IsMasterRunning())
            {
                break;
            }

            if (stop.IsCancellationRequested)
            {
                KillMaster();
                stop.ThrowIfCancellationRequested();
            }

            if (deadline.Elapsed > limit)
            {
                KillMaster();
                throw new NativeCommandException(ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError,
                    $"The ssh connection to {ComputeNode} was not up after {limit.TotalSeconds:0} s.",
                    ComputeNode, MasterCommandLine, null, MasterStandardError(),
                    "Check the network path to the CN and that its sshd answers; raise -ConnectTimeout for slow links.");
            }

            Thread.Sleep(20);
        }

        if (options.HostKeyPolicy == HostKeyPolicy.AcceptNew)
        {
            hostKeys.RequireRecorded(() =>
            {
                var masterStandardError = MasterStandardError();
                Dispose();
                return masterStandardError;
            });
        }
    }

    /// <summary>Asks the ControlMaster whether it is alive (ssh -O check).</summary>
    public bool IsMasterRunning()
    {
        if (master is null || master.HasExited)
        {
            return false;
        }

        try
        {
            using var check = StartSsh(new NativeCommand("ssh-control", "check") { Timeout = ControlRequestTimeout },
                arguments.Control("check"), ProcessCommandHooks.Local, housekeeping: true);
            check.Complete();
            return true;
        }
        catch (NativeCommandException)
        {
            return false;
        }
    }

    public IRunningCommand Start(NativeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireLiveMaster(command);
        var markers = CommandMarkers.New();
        var hooks = new SshCommandHooks(ComputeNode, markers, KillRemoteGroup);
        var ssh = arguments.Command(SshRemoteCommand.Build(command, markers));
        return StartSsh(command with { Timeout = command.Timeout ?? options.DefaultCommandTimeout }, ssh, hooks, housekeeping: false);
    }

    /// <summary>Closes the ControlMaster (ssh -O exit), kills it if it lingers, and deletes the socket folder.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
        }

        // Read-only commands still running are stopped; no new one starts.
        closing.Cancel();
        if (master is not null)
        {
            if (!master.HasExited)
            {
                try
                {
                    using var exit = StartSsh(new NativeCommand("ssh-control", "exit") { Timeout = ControlRequestTimeout },
                        arguments.Control("exit"), ProcessCommandHooks.Local, housekeeping: true);
                    exit.Complete();
                }
                catch (NativeCommandException)
                {
                    // The master is gone or deaf; it is killed below.
                }

                if (!master.WaitForExit(TimeSpan.FromSeconds(2)))
                {
                    KillMaster();
                }
            }

            master.Dispose();
        }

        watchdog?.Dispose();
        try
        {
            socketDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A command may only ride on a live master: a dead one is ConnectionLost (reconnect with Connect-ComputeNode).</summary>
    private void RequireLiveMaster(NativeCommand command)
    {
        if (disposed)
        {
            throw new NativeCommandException(ErrorIds.ComputeNodeNotConnected, ZoneErrorCategory.ConnectionError,
                $"The connection to {ComputeNode} was closed; no command is started on it.", ComputeNode, command.CommandLine, null, string.Empty,
                $"Run Connect-ComputeNode -HostName {options.HostName} to open a new connection.");
        }

        if (master is null || master.HasExited || !File.Exists(ControlSocket))
        {
            var why = master is null ? "it was never opened" : master.HasExited ? "its ssh master process has ended" : "its control socket is gone";
            throw new NativeCommandException(ErrorIds.ConnectionLost, ZoneErrorCategory.ConnectionError,
                $"The ssh connection to {ComputeNode} is lost ({why}); the command was not started.", ComputeNode, command.CommandLine, null,
                MasterStandardError(),
                $"Run Connect-ComputeNode -HostName {options.HostName} again: it opens a new connection and replaces this one.");
        }
    }

    private Process StartMaster()
    {
        var process = ProcessLauncher.Start(sshExecutable, arguments.Master(), null, SshClientNotFound);
        process.StandardInput.Close();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (masterError)
            {
                // The master can live for hours: keep only what explains a failure to connect.
                if (masterError.Length < 16 * 1024)
                {
                    masterError.Append(e.Data.Length > 1024 ? e.Data[..1024] : e.Data).Append('\n');
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>
    /// Starts the ssh client. Housekeeping (the transport's own requests: check, exit, kill, probes)
    /// runs even when the operation was stopped; commands stop with it and with Dispose.
    /// </summary>
    private ProcessCommand StartSsh(NativeCommand display, IReadOnlyList<string> sshArguments, ProcessCommandHooks hooks, bool housekeeping) =>
        ProcessCommand.Start(ComputeNode, display, sshExecutable, sshArguments, null,
            display.Timeout ?? options.DefaultCommandTimeout, hooks, SshClientNotFound,
            housekeeping ? CancellationToken.None : closing.Token, ignoreAmbient: housekeeping);

    private void KillRemoteGroup(int pid)
    {
        try
        {
            if (!IsConnected)
            {
                return;
            }

            var kill = SshRemoteCommand.Kill(pid);
            var markers = CommandMarkers.New();
            using var running = StartSsh(kill, arguments.Command(SshRemoteCommand.Build(kill, markers)),
                new SshCommandHooks(ComputeNode, markers, _ => { }), housekeeping: true);
            running.Complete();
        }
        catch (ZoneDelegationException)
        {
            // The connection may be the reason for the timeout; the local ssh client is killed regardless.
        }
    }

    private NativeCommandException ConnectFailure(string standardError)
    {
        var failure = SshFailureClassifier.Classify(standardError, SshPhase.Connect, ComputeNode);
        if (failure.ErrorId == ErrorIds.HostKeyUnknown && failure.Fingerprint is null &&
            hostKeys.ProbeFingerprint(options.ConnectTimeout + ReadyMargin) is { } fingerprint)
        {
            failure = failure with { Message = failure.Message + $" The key it offered has fingerprint {fingerprint}.", Fingerprint = fingerprint };
        }

        return new NativeCommandException(failure.ErrorId, failure.Category, failure.Message, ComputeNode,
            PosixShell.Join(sshExecutable, arguments.Master()), 255, TerminalText.Clean(standardError), failure.Hint);
    }

    private string MasterStandardError()
    {
        // The reader may still be delivering the last lines of an exited master.
        master?.WaitForExit(TimeSpan.FromMilliseconds(500));
        lock (masterError)
        {
            return masterError.ToString();
        }
    }

    private void KillMaster()
    {
        try
        {
            master?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }

    private NativeCommandException SshClientNotFound(Win32Exception error) =>
        new(ErrorIds.SshClientNotFound, ZoneErrorCategory.NotInstalled,
            $"The ssh client '{options.SshExecutable}' could not be started: {error.Message}",
            ComputeNode, options.SshExecutable, null, string.Empty,
            "Install the OpenSSH client (ssh) in a folder on PATH, or give -SshExecutable as an absolute path.");
}

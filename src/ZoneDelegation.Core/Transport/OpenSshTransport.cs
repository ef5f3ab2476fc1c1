using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Runs native commands on a compute node through the system OpenSSH client. <see cref="Open"/>
/// starts one ControlMaster (our child process, authenticated once); every command then rides on it
/// as a light <c>ssh -S socket</c> client, so many commands may run at once over one connection.
/// The control socket lives in a private (0700) temporary folder owned by this object.
/// </summary>
public sealed partial class OpenSshTransport : ICommandTransport
{
    private static readonly TimeSpan ControlRequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyMargin = TimeSpan.FromSeconds(5);

    private readonly SshConnectionOptions options;
    private readonly SshArguments arguments;
    private readonly DirectoryInfo socketDirectory;
    private readonly StringBuilder masterError = new();
    private readonly object gate = new();
    private Process? master;
    private bool disposed;

    public OpenSshTransport(SshConnectionOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        ConnectionOptionsValidator.Validate(options);
        socketDirectory = Directory.CreateTempSubdirectory("zd-ssh-");
        if (!OperatingSystem.IsWindows())
        {
            // CreateTempSubdirectory already makes it 0700; say so explicitly, the socket grants a login.
            File.SetUnixFileMode(socketDirectory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        arguments = new SshArguments(options, Path.Combine(socketDirectory.FullName, "master"));
    }

    public string ComputeNode => options.EffectiveName;

    public SshConnectionOptions Options => options;

    /// <summary>The ControlMaster's socket (ssh -S), for diagnostics and tests.</summary>
    public string ControlSocket => arguments.ControlSocket;

    /// <summary>The ControlMaster's process id, or null before Open.</summary>
    public int? MasterProcessId => master?.Id;

    /// <summary>
    /// Starts the ControlMaster and waits until it is ready (socket present and <c>ssh -O check</c>
    /// answers), or it exits (its stderr says why: host key, authentication, unreachable), or
    /// ConnectTimeout plus a margin passes.
    /// </summary>
    public void Open()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (master is not null)
            {
                throw new InvalidOperationException("The connection is already open.");
            }

            master = StartMaster();
        }

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
                return;
            }

            if (deadline.Elapsed > limit)
            {
                KillMaster();
                throw new NativeCommandException(ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError,
                    $"The ssh connection to {ComputeNode} was not up after {limit.TotalSeconds:0} s.",
                    ComputeNode, PosixShell.Join(options.SshExecutable, arguments.Master()), null, MasterStandardError(),
                    "Check the network path to the CN and that its sshd answers; raise -ConnectTimeout for slow links.");
            }

            Thread.Sleep(20);
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
                arguments.Control("check"), ProcessCommandHooks.Local);
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
        ObjectDisposedException.ThrowIf(disposed, this);
        var hooks = new SshCommandHooks(ComputeNode, KillRemoteGroup);
        var ssh = arguments.Command(SshRemoteCommand.Build(command));
        return StartSsh(command with { Timeout = command.Timeout ?? options.DefaultCommandTimeout }, ssh, hooks);
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

        if (master is not null)
        {
            if (!master.HasExited)
            {
                try
                {
                    using var exit = StartSsh(new NativeCommand("ssh-control", "exit") { Timeout = ControlRequestTimeout },
                        arguments.Control("exit"), ProcessCommandHooks.Local);
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

    private Process StartMaster()
    {
        var process = ProcessLauncher.Start(options.SshExecutable, arguments.Master(), null, SshClientNotFound);
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
                    masterError.Append(e.Data).Append('\n');
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private ProcessCommand StartSsh(NativeCommand display, IReadOnlyList<string> sshArguments, ProcessCommandHooks hooks) =>
        ProcessCommand.Start(ComputeNode, display, options.SshExecutable, sshArguments, null,
            display.Timeout ?? options.DefaultCommandTimeout, hooks, SshClientNotFound);

    private void KillRemoteGroup(int pid)
    {
        try
        {
            using var kill = Start(SshRemoteCommand.Kill(pid));
            kill.Complete();
        }
        catch (ZoneDelegationException)
        {
            // The connection may be the reason for the timeout; the local ssh client is killed regardless.
        }
    }

    private NativeCommandException ConnectFailure(string standardError)
    {
        var failure = SshFailureClassifier.Classify(standardError, SshPhase.Connect, ComputeNode);
        if (failure.ErrorId == ErrorIds.HostKeyUnknown && failure.Fingerprint is null && ProbeFingerprint() is { } fingerprint)
        {
            failure = failure with { Message = failure.Message + $" The key it offered has fingerprint {fingerprint}.", Fingerprint = fingerprint };
        }

        return new NativeCommandException(failure.ErrorId, failure.Category, failure.Message, ComputeNode,
            PosixShell.Join(options.SshExecutable, arguments.Master()), 255, standardError, failure.Hint);
    }

    [GeneratedRegex(@"Server host key: \S+ (SHA256:[A-Za-z0-9+/]{43}=?)", RegexOptions.CultureInvariant)]
    private static partial Regex ServerHostKeyLine();

    /// <summary>
    /// ssh does not print the fingerprint of an unknown key under strict checking; a verbose attempt
    /// that stops at the host key check does. Best effort: null when it cannot be read.
    /// </summary>
    private string? ProbeFingerprint()
    {
        try
        {
            using var probe = StartSsh(new NativeCommand("ssh-probe", "host-key") { Timeout = options.ConnectTimeout + ReadyMargin },
                arguments.HostKeyProbe(), ProcessCommandHooks.Local);
            probe.StandardOutput.ReadToEnd();
            probe.Complete();
        }
        catch (NativeCommandException error)
        {
            var match = ServerHostKeyLine().Match(error.StandardError);
            return match.Success ? match.Groups[1].Value : null;
        }

        return null;
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
            "Install the OpenSSH client (ssh) and make sure it is on PATH.");
}

using System.Globalization;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The argv of every ssh invocation for one connection: the ControlMaster, the commands that ride on
/// it, and the control requests. Pure, so the security-relevant options are unit-tested.
/// </summary>
internal sealed class SshArguments
{
    private readonly SshConnectionOptions options;

    /// <param name="options">The connection.</param>
    /// <param name="controlSocket">The ControlMaster's socket.</param>
    /// <param name="noFallback">
    /// An absolute path to a program that fails at once (false): commands name it as their ProxyCommand,
    /// so when the master is gone a command fails instead of quietly logging in again by itself.
    /// </param>
    public SshArguments(SshConnectionOptions options, string controlSocket, string noFallback = "/bin/false")
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(controlSocket);
        ArgumentException.ThrowIfNullOrEmpty(noFallback);
        ControlSocket = controlSocket;
        NoFallback = noFallback;
    }

    public string ControlSocket { get; }

    public string NoFallback { get; }

    /// <summary>StrictHostKeyChecking for a policy. There is deliberately no way to get "no".</summary>
    public static string StrictHostKeyChecking(HostKeyPolicy policy) => policy switch
    {
        HostKeyPolicy.Strict => "yes",
        HostKeyPolicy.AcceptNew => "accept-new",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown host key policy."),
    };

    /// <summary>
    /// The master: holds the one authenticated connection. It runs in the foreground as our child
    /// (no -f: a forked master would keep our pipes open), so it lives exactly as long as we say.
    /// </summary>
    public IReadOnlyList<string> Master()
    {
        var arguments = Common();
        arguments.AddRange(["-M", "-N", "-n", "-o", "ControlMaster=yes", "-o", "ControlPersist=no"]);
        arguments.AddRange(["--", options.HostName]);
        return arguments;
    }

    /// <summary>
    /// A command riding on the master: no tty, no agent or X11 forwarding, never a master itself, and
    /// never a connection of its own: if the master's socket does not answer, ssh would fall back to
    /// connecting and authenticating directly; the failing ProxyCommand makes that fallback fail.
    /// </summary>
    public IReadOnlyList<string> Command(string remoteCommand)
    {
        ArgumentNullException.ThrowIfNull(remoteCommand);
        var arguments = Common();
        arguments.AddRange(["-o", "ControlMaster=no", "-o", "ProxyCommand=" + PercentEscape(NoFallback),
            "-T", "-a", "-x", "--", options.HostName, remoteCommand]);
        return arguments;
    }

    /// <summary>A request to the master: "check" or "exit".</summary>
    public IReadOnlyList<string> Control(string operation)
    {
        if (operation is not ("check" or "exit"))
        {
            throw new ArgumentOutOfRangeException(nameof(operation), operation, "Only check and exit are used.");
        }

        var arguments = Common();
        arguments.AddRange(["-O", operation, "--", options.HostName]);
        return arguments;
    }

    /// <summary>
    /// A connection attempt that only logs the server's host key (ssh -v prints it before verifying);
    /// used to put the fingerprint of an unknown key in the error. It never reaches authentication
    /// under strict checking, and never records anything.
    /// </summary>
    public IReadOnlyList<string> HostKeyProbe()
    {
        var arguments = Common(includeControlSocket: false);
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == "-o" && arguments[i + 1].StartsWith("StrictHostKeyChecking=", StringComparison.Ordinal))
            {
                arguments[i + 1] = "StrictHostKeyChecking=yes";
            }
        }

        arguments.AddRange(["-v", "-o", "ControlMaster=no", "-o", "ControlPath=none", "-T", "-a", "-x", "--", options.HostName, "true"]);
        return arguments;
    }

    private List<string> Common(bool includeControlSocket = true)
    {
        var arguments = new List<string>();
        if (options.ConfigFile is not null)
        {
            arguments.AddRange(["-F", options.ConfigFile]);
        }

        arguments.AddRange(
        [
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=" + Seconds(options.ConnectTimeout),
            "-o", "ServerAliveInterval=" + Seconds(options.ServerAliveInterval),
            "-o", "ServerAliveCountMax=3",
            "-o", "StrictHostKeyChecking=" + StrictHostKeyChecking(options.HostKeyPolicy),
            // A CN may not open ports on the operator's side, nor make the client run commands locally.
            "-o", "ClearAllForwardings=yes",
            "-o", "PermitLocalCommand=no",
        ]);

        if (options.KnownHostsFile is not null)
        {
            // Only this file decides: the system-wide list must not vouch for a key behind our back.
            arguments.AddRange(["-o", "UserKnownHostsFile=" + ConfigPath(options.KnownHostsFile), "-o", "GlobalKnownHostsFile=/dev/null"]);
        }

        if (options.IdentityFile is not null)
        {
            arguments.AddRange(["-i", PercentEscape(options.IdentityFile), "-o", "IdentitiesOnly=yes"]);
        }

        if (options.Port is { } port)
        {
            arguments.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.User is not null)
        {
            arguments.AddRange(["-l", options.User]);
        }

        if (includeControlSocket)
        {
            arguments.AddRange(["-S", ControlSocket]);
        }

        return arguments;
    }

    /// <summary>
    /// ssh's effective configuration for this host (ssh -G): where it looks host keys up and under
    /// which name, to check after an AcceptNew connect that the key was really recorded.
    /// </summary>
    public IReadOnlyList<string> EffectiveConfiguration()
    {
        var arguments = Common(includeControlSocket: false);
        arguments.AddRange(["-G", "--", options.HostName]);
        return arguments;
    }

    /// <summary>True when ssh can take <paramref name="path"/> as an ssh_config value (no double quote, no line break).</summary>
    public static bool IsUsableConfigPath(string path) =>
        !path.Contains('"', StringComparison.Ordinal) && !path.Contains('\n', StringComparison.Ordinal) && !path.Contains('\r', StringComparison.Ordinal);

    /// <summary>
    /// A path as an ssh_config value: ssh splits -o values on blanks (UserKnownHostsFile takes a list)
    /// and expands %-tokens, so the path is double-quoted and its % doubled.
    /// </summary>
    private static string ConfigPath(string path)
    {
        if (!IsUsableConfigPath(path))
        {
            throw new ArgumentException("A path for ssh may not contain a double quote or a newline.", nameof(path));
        }

        return "\"" + PercentEscape(path) + "\"";
    }

    private static string PercentEscape(string path) => path.Replace("%", "%%", StringComparison.Ordinal);

    private static string Seconds(TimeSpan value) =>
        Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The argv of every ssh invocation for one connection: the ControlMaster, the commands that ride on
/// it, and the control requests. Pure, so the security-relevant options are unit-tested.
/// </summary>
public sealed class SshArguments
{
    private readonly SshConnectionOptions options;

    public SshArguments(SshConnectionOptions options, string controlSocket)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(controlSocket);
        ControlSocket = controlSocket;
    }

    public string ControlSocket { get; }

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

    /// <summary>A command riding on the master: no tty, no agent or X11 forwarding, never a master itself.</summary>
    public IReadOnlyList<string> Command(string remoteCommand)
    {
        ArgumentNullException.ThrowIfNull(remoteCommand);
        var arguments = Common();
        arguments.AddRange(["-o", "ControlMaster=no", "-T", "-a", "-x", "--", options.HostName, remoteCommand]);
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
    /// A path as an ssh_config value: ssh splits -o values on blanks (UserKnownHostsFile takes a list)
    /// and expands %-tokens, so the path is double-quoted and its % doubled.
    /// </summary>
    private static string ConfigPath(string path)
    {
        if (path.Contains('"', StringComparison.Ordinal) || path.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path for ssh may not contain a double quote or a newline.", nameof(path));
        }

        return "\"" + PercentEscape(path) + "\"";
    }

    private static string PercentEscape(string path) => path.Replace("%", "%%", StringComparison.Ordinal);

    private static string Seconds(TimeSpan value) =>
        Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

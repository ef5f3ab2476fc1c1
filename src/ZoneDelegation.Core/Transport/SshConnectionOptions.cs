namespace ZoneDelegation.Core.Transport;

/// <summary>What the OpenSSH transport needs to reach one compute node.</summary>
internal sealed record SshConnectionOptions
{
    public required string HostName { get; init; }

    /// <summary>Null: ssh's own default (22, or the operator's ssh config).</summary>
    public int? Port { get; init; }

    /// <summary>Null: ssh's own default (the operator's ssh config, else the local user).</summary>
    public string? User { get; init; }

    public string? IdentityFile { get; init; }

    /// <summary>Null: ssh's default known_hosts files.</summary>
    public string? KnownHostsFile { get; init; }

    public HostKeyPolicy HostKeyPolicy { get; init; } = HostKeyPolicy.Strict;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Applies to a command that gives no timeout of its own.</summary>
    public TimeSpan DefaultCommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan ServerAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The ssh client to run; "ssh" resolves on PATH.</summary>
    public string SshExecutable { get; init; } = "ssh";

    /// <summary>Null: the operator's ~/.ssh/config applies. Tests point this at /dev/null.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The name the operator uses for this CN; defaults to the host name.</summary>
    public string? Name { get; init; }

    /// <summary>Persistent (default): commands ride on long-lived remote shells; Exec: one ssh session per command.</summary>
    public CommandChannel Channel { get; init; } = CommandChannel.Persistent;

    /// <summary>How many persistent shells may run commands on this CN at once (each is one session on the master).</summary>
    public int ChannelPoolSize { get; init; } = 4;

    /// <summary>
    /// 30 s: long enough that the commands of one cmdlet, of a pipeline and of a script's next cmdlet find their channel
    /// open (a new one costs about one ssh session, some 100 ms); short enough that an idle CN soon holds only its
    /// ControlMaster (one local ssh, about 8 MB RSS), not a channel's ssh client as well (issue 18).
    /// </summary>
    public static readonly TimeSpan DefaultChannelIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a persistent channel may wait for a command before it is closed; the next command opens a new one.</summary>
    public TimeSpan ChannelIdleTimeout { get; init; } = DefaultChannelIdleTimeout;

    public string EffectiveName => string.IsNullOrEmpty(Name) ? HostName : Name;
}

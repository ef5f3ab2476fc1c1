namespace ZoneDelegation.Core.Transport;

/// <summary>How commands travel to an SSH compute node over its ControlMaster.</summary>
public enum CommandChannel
{
    /// <summary>
    /// A few long-lived remote shells (<c>/bin/sh</c> on the CN) that each run one command at a time in its own
    /// process group: about a millisecond per command. Commands with a stdin payload still take the exec path.
    /// </summary>
    Persistent,

    /// <summary>Every command is its own <c>ssh -S socket host command</c> session: about 100 ms per command.</summary>
    Exec,
}

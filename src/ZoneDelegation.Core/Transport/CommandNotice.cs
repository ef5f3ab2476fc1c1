using System.Globalization;

namespace ZoneDelegation.Core.Transport;

/// <summary>How a cmdlet shows a <see cref="CommandNotice"/>: WriteVerbose, WriteWarning or WriteDebug.</summary>
internal enum CommandNoticeLevel
{
    Verbose,
    Warning,

    /// <summary>What a cache decided (a CN's facts reused or probed, an idle channel taken or a new one opened).</summary>
    Debug,
}

/// <summary>Something a transport tells the operator beside a command's result (see <see cref="CommandNotices"/>).</summary>
internal sealed record CommandNotice(CommandNoticeLevel Level, string ComputeNode, string Message)
{
    /// <summary>The command whose end this notice reports (<see cref="Ended"/>); null for any other notice.</summary>
    public CommandEnd? Command { get; init; }

    /// <summary>
    /// The line the operator sees: the message, led by the CN's name unless the message names it already
    /// (a command's end and a debug line are always led by it: a command line or a pool may name the CN by chance).
    /// </summary>
    public string Text =>
        string.IsNullOrEmpty(ComputeNode) ||
        (Command is null && Level != CommandNoticeLevel.Debug && Message.Contains(ComputeNode, StringComparison.Ordinal))
            ? Message
            : $"{ComputeNode}: {Message}";

    /// <summary>
    /// A command that ended, as a verbose line: <c>cn01: LC_ALL=C 'zfs' 'get' ... (exit 0, 34 ms)</c>. The command
    /// line is <see cref="NativeCommand.CommandLine"/>, the one -WhatIf shows: a stdin payload is named and counted,
    /// never printed.
    /// </summary>
    public static CommandNotice Ended(string computeNode, NativeCommand command, string outcome, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(command);
        var end = new CommandEnd(command.CommandLine, outcome, duration,
            command.StandardInput is null ? null : System.Text.Encoding.UTF8.GetByteCount(command.StandardInput));
        return new CommandNotice(CommandNoticeLevel.Verbose, computeNode, end.ToString()) { Command = end };
    }

    /// <summary>The ssh ControlMaster of a connection started (<paramref name="outcome"/>: connected, or failed: ErrorId), as a verbose line.</summary>
    public static CommandNotice MasterStarted(string computeNode, string sshCommandLine, string outcome, TimeSpan duration)
    {
        var end = new CommandEnd(sshCommandLine, outcome, duration, null);
        return new CommandNotice(CommandNoticeLevel.Verbose, computeNode, "ssh ControlMaster: " + end) { Command = end };
    }
}

/// <summary>How one command ended.</summary>
/// <param name="CommandLine">The command line as -WhatIf shows it.</param>
/// <param name="Outcome"><c>exit 0</c>, <c>timed out</c>, <c>stopped</c>, <c>failed: ErrorId</c>...</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="StandardInputBytes">The size of the stdin payload (never its text); null without one.</param>
internal sealed record CommandEnd(string CommandLine, string Outcome, TimeSpan Duration, int? StandardInputBytes)
{
    public override string ToString()
    {
        var milliseconds = ((long)Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var payload = StandardInputBytes is { } bytes ? string.Create(CultureInfo.InvariantCulture, $", {bytes} bytes on stdin") : string.Empty;
        return $"{CommandLine} ({Outcome}, {milliseconds} ms{payload})";
    }
}

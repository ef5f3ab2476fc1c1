namespace ZoneDelegation.Core.Transport;

/// <summary>How a cmdlet shows a <see cref="CommandNotice"/>: WriteVerbose or WriteWarning.</summary>
internal enum CommandNoticeLevel
{
    Verbose,
    Warning,
}

/// <summary>Something a transport tells the operator beside a command's result (see <see cref="CommandNotices"/>).</summary>
internal sealed record CommandNotice(CommandNoticeLevel Level, string ComputeNode, string Message)
{
    /// <summary>The line the operator sees: the message, led by the CN's name unless the message names it already.</summary>
    public string Text =>
        string.IsNullOrEmpty(ComputeNode) || Message.Contains(ComputeNode, StringComparison.Ordinal) ? Message : $"{ComputeNode}: {Message}";
}

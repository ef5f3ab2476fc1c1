namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// A command channel could not be opened, or could not take the command line: the command was not sent, so it
/// may take another channel or the exec path (<see cref="PersistentChannelTransport"/> does). Never leaves the transport.
/// </summary>
internal sealed class ChannelNotUsableException(string reason, string standardError) : Exception(reason)
{
    /// <summary>What ssh printed, if anything (kept for the error should every other way fail too).</summary>
    public string StandardError { get; } = standardError;
}

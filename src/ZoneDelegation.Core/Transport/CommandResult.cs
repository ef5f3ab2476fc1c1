namespace ZoneDelegation.Core.Transport;

/// <summary>How a native command ended, once its stdout has been read to the end.</summary>
public sealed record CommandResult(string ComputeNode, string CommandLine, int ExitCode, string StandardError, TimeSpan Duration);

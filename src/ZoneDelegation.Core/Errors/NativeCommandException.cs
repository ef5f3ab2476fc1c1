namespace ZoneDelegation.Core.Errors;

/// <summary>
/// A native command, or the ssh connection carrying it, failed. Carries the command line as it was
/// run (secrets never appear in command lines: payloads travel on stdin), the exit code and stderr.
/// </summary>
public sealed class NativeCommandException : ZoneDelegationException
{
    public NativeCommandException(string errorId, ZoneErrorCategory category, string message,
        string computeNode, string commandLine, int? exitCode, string standardError, string? hint = null)
        : base(errorId, category, message, computeNode, hint)
    {
        ComputeNode = computeNode;
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    public string ComputeNode { get; }

    public string CommandLine { get; }

    /// <summary>Null when the command never finished (timed out, connection lost before exit).</summary>
    public int? ExitCode { get; }

    public string StandardError { get; }
}

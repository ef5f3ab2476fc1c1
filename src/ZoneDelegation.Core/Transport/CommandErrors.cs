using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The errors every transport gives the same way for a command that ran (exec path, persistent channel, a
/// local process): a failed exit code, a timeout, too much output, a stop. Built here only, so the transports
/// cannot drift apart. (A probe's own failure and a program that could not be started say more specific things.)
/// </summary>
internal static class CommandErrors
{
    /// <summary>NativeCommandFailed unless <paramref name="exitCode"/> is one of the command's success codes.</summary>
    public static void ThrowIfFailed(NativeCommand command, string computeNode, int exitCode, string standardError)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(standardError);
        if (command.SuccessExitCodes.Contains(exitCode))
        {
            return;
        }

        var firstLine = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        throw new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.InvalidResult,
            $"'{command.Program}' on {computeNode} failed with exit code {exitCode}" + (firstLine is null ? "." : $": {firstLine}"),
            computeNode, command.CommandLine, exitCode, standardError,
            "Read the command's stderr in the error's exception (StandardError) for the cause.");
    }

    /// <summary>CommandTimedOut: the command ran past its timeout and was stopped.</summary>
    public static NativeCommandException TimedOut(NativeCommand command, string computeNode, TimeSpan timeout, string standardError) =>
        new(ErrorIds.CommandTimedOut, ZoneErrorCategory.OperationTimeout,
            $"'{command.Program}' on {computeNode} did not finish within {timeout.TotalSeconds:0.###} s and was stopped.",
            computeNode, command.CommandLine, null, standardError,
            "Give the command a longer timeout, or check why the compute node is slow.");

    /// <summary>OutputTooLarge: the command wrote <paramref name="what"/> ("more than N characters …") and was stopped.</summary>
    public static NativeCommandException TooLarge(NativeCommand command, string computeNode, string what, string standardError) =>
        new(ErrorIds.OutputTooLarge, ZoneErrorCategory.LimitsExceeded,
            $"'{command.Program}' on {computeNode} wrote {what}, more than the module accepts; it was stopped.",
            computeNode, command.CommandLine, null, standardError,
            "A compute node's output is capped (see about_ZoneDelegation, Security): check what the CN returns, or narrow the request.");

    /// <summary>
    /// CommandMayStillBeRunning: a command that changes state was ended early (<paramref name="why"/>: "did not finish
    /// within 30 s"); it is never killed, so it may still run and its change may be partly applied.
    /// </summary>
    public static NativeCommandException MayStillBeRunning(NativeCommand command, string computeNode, string why, string standardError) =>
        new(ErrorIds.CommandMayStillBeRunning, ZoneErrorCategory.OperationTimeout,
            $"'{command.Program}' on {computeNode} {why}. It changes the compute node, so it was not killed: it may still be running, and its change may be partly or fully applied.",
            computeNode, command.CommandLine, null, standardError,
            "Do not retry blindly: read the current state back (Get-SafeZone, Get-DatasetLimit) and check on the CN whether the command is still running.");

    /// <summary>ssh's own failure while carrying the command (ConnectionLost, HostKeyMismatch, …), as the command's error.</summary>
    public static NativeCommandException FromSshFailure(SshFailure failure, NativeCommand command, string computeNode, string standardError) =>
        new(failure.ErrorId, failure.Category, failure.Message, computeNode, command.CommandLine, null, standardError, failure.Hint);

    /// <summary>The command was stopped by Ctrl+C or a stopped pipeline.</summary>
    public static OperationCanceledException Stopped(NativeCommand command, string computeNode, CancellationToken token = default) =>
        new($"'{command.Program}' on {computeNode} was stopped.", token);
}

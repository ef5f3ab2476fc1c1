using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Platform;

/// <summary>How a probing command ended: it worked, it ran and failed, or the program is not on the CN.</summary>
internal enum NativeProbeOutcome
{
    Succeeded,
    Failed,
    Missing,
}

/// <summary>The answer of one probing command; stdout is kept (probe outputs are small).</summary>
internal sealed record NativeProbeResult(NativeProbeOutcome Outcome, string StandardOutput, string StandardError, int? ExitCode)
{
    public bool Succeeded => Outcome == NativeProbeOutcome.Succeeded;

    /// <summary>The first non-empty line of stderr (where zfs, zpool and ppriv say what was wrong), or null.</summary>
    public string? FirstErrorLine => StandardError
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .FirstOrDefault();
}

/// <summary>
/// Runs a command whose failure is an answer, not an error: "does this CN know X?". A program that is
/// not there (exit 127 from the remote shell, or a local program that cannot start) is Missing; a
/// non-zero exit is Failed. A lost connection or a timeout is no answer at all and propagates.
/// </summary>
internal static class NativeProbe
{
    /// <summary>POSIX shells exit 127 when the command is not found.</summary>
    public const int CommandNotFoundExitCode = 127;

    public static NativeProbeResult Run(ICommandTransport transport, NativeCommand command)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            var (output, result) = transport.Run(command);
            return new NativeProbeResult(NativeProbeOutcome.Succeeded, output, result.StandardError, result.ExitCode);
        }
        catch (NativeCommandException error) when (error.ErrorId == ErrorIds.NativeCommandFailed)
        {
            return new NativeProbeResult(IsMissingProgram(error) ? NativeProbeOutcome.Missing : NativeProbeOutcome.Failed,
                string.Empty, error.StandardError, error.ExitCode);
        }
    }

    /// <summary>Exit 127, or a command that never started (LocalTransport: program not found).</summary>
    public static bool IsMissingProgram(NativeCommandException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.ErrorId == ErrorIds.NativeCommandFailed &&
               (error.ExitCode == CommandNotFoundExitCode || error.ExitCode is null);
    }
}

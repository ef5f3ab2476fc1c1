using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// What differs between a local process and an ssh client running a remote command: how stderr is
/// read (markers), how the far end is stopped, and how an exit is read. The local transport uses the defaults.
/// </summary>
internal class ProcessCommandHooks
{
    public static ProcessCommandHooks Local { get; } = new();

    /// <summary>Sees the first stderr line; returns what of it to report (null: nothing).</summary>
    public virtual string? FilterFirstStandardErrorLine(string line) => line;

    /// <summary>Sees the final stderr line once stderr has ended; returns what of it to report.</summary>
    public virtual string? FilterFinalStandardErrorLine(string line) => line;

    /// <summary>
    /// Called (on a thread of its own) before the local process tree is killed, when a read-only
    /// command timed out, was stopped or abandoned. The ssh transport ends the remote process group here.
    /// </summary>
    public virtual void StopFarEnd()
    {
    }

    /// <summary>
    /// Reads a finished process's exit. Returns the exit code the command itself had and, when the
    /// exit says the carrier failed rather than the command (ssh's own 255), the error to throw.
    /// </summary>
    public virtual (int ExitCode, NativeCommandException? CarrierFailure) InterpretExit(
        int processExitCode, string standardError, NativeCommand command) => (processExitCode, null);
}

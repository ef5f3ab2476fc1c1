using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// What differs between a local process and an ssh client running a remote command: how stderr is
/// cleaned, how the far end is stopped, and how an exit is read. The local transport uses the defaults.
/// </summary>
internal class ProcessCommandHooks
{
    public static ProcessCommandHooks Local { get; } = new();

    /// <summary>Sees every stderr line as it arrives; returns what of it to report (null: nothing).</summary>
    public virtual string? FilterStandardErrorLine(string line) => line;

    /// <summary>
    /// Called before the local process tree is killed, when the command timed out or was abandoned
    /// (disposed before Complete). The ssh transport ends the remote process group here.
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

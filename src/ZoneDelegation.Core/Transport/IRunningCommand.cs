namespace ZoneDelegation.Core.Transport;

/// <summary>
/// A started native command. Read <see cref="StandardOutput"/> as a stream (parsers yield objects
/// line by line), then call <see cref="Complete"/>: it returns the result, or throws a
/// NativeCommandException for a failed, timed-out or disconnected command. A command that is aborted
/// while it is being read (its timeout, a stop, an output cap) makes the read itself throw at once:
/// CommandTimedOut, OutputTooLarge, CommandMayStillBeRunning (a write), or OperationCanceledException.
/// </summary>
public interface IRunningCommand : IDisposable
{
    NativeCommand Command { get; }

    TextReader StandardOutput { get; }

    /// <summary>Drains whatever is left of stdout, waits for the exit and checks it.</summary>
    CommandResult Complete();
}

using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Planning;

/// <summary>
/// One step of a plan: the native command and a sentence a person understands. A plan changes the compute
/// node, so its command is always a write (<see cref="NativeCommand.ChangesState"/>): the constructor marks it,
/// and there is no other way to make a step, so no caller can forget it.
/// </summary>
public sealed record PlannedCommand
{
    public PlannedCommand(string description, NativeCommand command)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(command);
        Description = description;
        Command = command.AsWrite();
    }

    public string Description { get; }

    /// <summary>Always marked as a write.</summary>
    public NativeCommand Command { get; }

    public override string ToString() => $"{Description}: {Command.CommandLine}";
}

using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Planning;

/// <summary>One step of a plan: the native command and a sentence a person understands.</summary>
public sealed record PlannedCommand(string Description, NativeCommand Command)
{
    public override string ToString() => $"{Description}: {Command.CommandLine}";
}

using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests.Zones;

/// <summary>
/// Passes every command to the real transport and runs a hook around one vmadm subcommand: <c>before</c>
/// just before it starts, <c>after</c> once it has succeeded. Tests use it to look at the CN at that moment,
/// or to change the zone behind the module's back (as a platform that ignored a property would).
/// </summary>
internal sealed class VmadmHookTransport(ICommandTransport inner, string subcommand,
    Action<ICommandTransport>? before = null, Action<ICommandTransport>? after = null) : ICommandTransport
{
    public string ComputeNode => inner.ComputeNode;

    public IRunningCommand Start(NativeCommand command)
    {
        if (command.Program != "vmadm" || command.Arguments.Count == 0 || command.Arguments[0] != subcommand)
        {
            return inner.Start(command);
        }

        before?.Invoke(inner);
        var running = inner.Start(command);
        return after is null ? running : new Running(running, inner, after);
    }

    // The real connection is owned (and disposed) by the test.
    public void Dispose()
    {
    }

    private sealed class Running(IRunningCommand running, ICommandTransport transport, Action<ICommandTransport> after) : IRunningCommand
    {
        public NativeCommand Command => running.Command;

        public TextReader StandardOutput => running.StandardOutput;

        public CommandResult Complete()
        {
            var result = running.Complete();
            after(transport);
            return result;
        }

        public void Dispose() => running.Dispose();
    }
}

using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>
/// Passes every command to the real transport and runs a hook around the commands <c>matches</c> picks:
/// <c>before</c> just before one starts, <c>after</c> once it has succeeded. Tests use it to look at the CN at
/// that moment, or to change it behind the module's back (as a platform that ignored a property would, or a
/// zone admin acting between the module's read and its change).
/// </summary>
internal sealed class CommandHookTransport(ICommandTransport inner, Func<NativeCommand, bool> matches,
    Action<ICommandTransport>? before = null, Action<ICommandTransport>? after = null) : ICommandTransport
{
    public string ComputeNode => inner.ComputeNode;

    /// <summary>The hook around one vmadm subcommand (vmadm start, vmadm create...).</summary>
    public static CommandHookTransport Vmadm(ICommandTransport inner, string subcommand,
        Action<ICommandTransport>? before = null, Action<ICommandTransport>? after = null) =>
        new(inner, command => command.Program == "vmadm" && command.Arguments.Count > 0 && command.Arguments[0] == subcommand, before, after);

    public IRunningCommand Start(NativeCommand command)
    {
        if (!matches(command))
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

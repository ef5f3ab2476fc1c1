using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests.Zones;

/// <summary>
/// Passes every command to the real transport and, once a <c>vmadm create</c> has succeeded, runs the
/// given commands too: a change made behind the module's back between create and read-back.
/// </summary>
internal sealed class AfterCreateTransport(ICommandTransport inner, params NativeCommand[] afterCreate) : ICommandTransport
{
    public string ComputeNode => inner.ComputeNode;

    public IRunningCommand Start(NativeCommand command)
    {
        var running = inner.Start(command);
        return command.Program == "vmadm" && command.Arguments is ["create", ..] ? new Running(running, inner, afterCreate) : running;
    }

    // The real connection is owned (and disposed) by the test.
    public void Dispose()
    {
    }

    private sealed class Running(IRunningCommand running, ICommandTransport transport, NativeCommand[] afterCreate) : IRunningCommand
    {
        public NativeCommand Command => running.Command;

        public TextReader StandardOutput => running.StandardOutput;

        public CommandResult Complete()
        {
            var result = running.Complete();
            foreach (var command in afterCreate)
            {
                transport.Run(command);
            }

            return result;
        }

        public void Dispose() => running.Dispose();
    }
}

using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Runs native commands as processes on this host, with no shell in between (arguments are passed
/// as an argv list, so nothing in them is ever interpreted). LC_ALL=C is always set. Programs are
/// resolved on PATH (the extra environment's first), never in the current directory.
/// </summary>
internal sealed class LocalTransport : ICommandTransport
{
    private readonly IReadOnlyDictionary<string, string>? environment;

    /// <param name="computeNode">The name this host goes by in results and errors.</param>
    /// <param name="environment">Extra environment variables for every command (the testbed puts its stand-ins on PATH this way).</param>
    /// <param name="defaultTimeout">For commands that give no timeout of their own; default 5 minutes.</param>
    public LocalTransport(string computeNode = "localhost", IReadOnlyDictionary<string, string>? environment = null, TimeSpan? defaultTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(computeNode);
        ComputeNode = computeNode;
        this.environment = environment;
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromMinutes(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultTimeout, TimeSpan.Zero);
    }

    public string ComputeNode { get; }

    public TimeSpan DefaultTimeout { get; }

    public IRunningCommand Start(NativeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ProcessCommand.Start(ComputeNode, command, command.Program, command.Arguments, environment,
            command.Timeout ?? DefaultTimeout, ProcessCommandHooks.Local,
            error => new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.ObjectNotFound,
                $"'{command.Program}' could not be started on {ComputeNode}: {error.Message}",
                ComputeNode, command.CommandLine, null, string.Empty,
                "Check that the program is installed in a folder on PATH (an absolute entry: the current directory is never searched)."));
    }

    public void Dispose()
    {
        // Nothing is held between commands.
    }
}

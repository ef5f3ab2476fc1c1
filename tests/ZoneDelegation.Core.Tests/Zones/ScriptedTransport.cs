using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Zones;

/// <summary>
/// A transport that answers from a script and records every command it was asked to start. The last
/// matching rule wins, so a test can override a default answer. An unscripted command fails the test.
/// Failures are reported the way the real transports report them (NativeCommandException with stderr).
/// </summary>
public sealed class ScriptedTransport : ICommandTransport
{
    private readonly List<(Func<NativeCommand, bool> Match, string Stdout, string Stderr, int ExitCode)> rules = [];
    private readonly List<NativeCommand> started = [];

    public ScriptedTransport(string computeNode = "cn1") => ComputeNode = computeNode;

    public string ComputeNode { get; }

    /// <summary>Every command started, in order.</summary>
    public IReadOnlyList<NativeCommand> Started
    {
        get
        {
            lock (started)
            {
                return started.ToArray();
            }
        }
    }

    public ComputeNodeConnection Connection() => new(ComputeNode, ConnectionKind.Local, this);

    public ScriptedTransport On(Func<NativeCommand, bool> match, string stdout = "", string stderr = "", int exitCode = 0)
    {
        rules.Add((match, stdout, stderr, exitCode));
        return this;
    }

    /// <summary>Matches a program whose arguments start with the given ones.</summary>
    public ScriptedTransport On(string program, string[] argumentPrefix, string stdout = "", string stderr = "", int exitCode = 0) =>
        On(c => c.Program == program && c.Arguments.Take(argumentPrefix.Length).SequenceEqual(argumentPrefix), stdout, stderr, exitCode);

    public bool Ran(string program, params string[] argumentPrefix) =>
        Started.Any(c => c.Program == program && c.Arguments.Take(argumentPrefix.Length).SequenceEqual(argumentPrefix));

    public IRunningCommand Start(NativeCommand command)
    {
        lock (started)
        {
            started.Add(command);
        }

        for (var i = rules.Count - 1; i >= 0; i--)
        {
            if (rules[i].Match(command))
            {
                return new Running(ComputeNode, command, rules[i].Stdout, rules[i].Stderr, rules[i].ExitCode);
            }
        }

        throw new InvalidOperationException("The script has no answer for: " + command.CommandLine);
    }

    public void Dispose()
    {
    }

    private sealed class Running(string computeNode, NativeCommand command, string stdout, string stderr, int exitCode) : IRunningCommand
    {
        public NativeCommand Command { get; } = command;

        public TextReader StandardOutput { get; } = new StringReader(stdout);

        public CommandResult Complete()
        {
            if (!Command.SuccessExitCodes.Contains(exitCode))
            {
                throw new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.InvalidResult,
                    $"'{Command.Program}' on {computeNode} failed with exit code {exitCode}.", computeNode, Command.CommandLine,
                    exitCode, stderr);
            }

            return new CommandResult(computeNode, Command.CommandLine, exitCode, stderr, TimeSpan.Zero);
        }

        public void Dispose()
        {
        }
    }
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Fakes;

/// <summary>
/// A fake compute node: answers commands from a table keyed by "program arg arg..." and records every
/// command it was asked to start (argv and stdin), so tests can assert exactly what would run. A command
/// that is not in the table fails the test. Failures behave like the real transports: a non-success exit
/// throws NativeCommandException(NativeCommandFailed) from Complete().
/// </summary>
internal sealed class ScriptedTransport : ICommandTransport
{
    private readonly Dictionary<string, Func<NativeCommand, Answer>> answers = new(StringComparer.Ordinal);
    private readonly HashSet<string> missingPrograms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<NativeCommand, Answer>> programs = new(StringComparer.Ordinal);
    private readonly List<NativeCommand> commands = [];
    private readonly List<string> cancellable = [];

    public ScriptedTransport(string computeNode = "cn1") => ComputeNode = computeNode;

    public string ComputeNode { get; }

    /// <summary>Every command started, in order.</summary>
    public IReadOnlyList<NativeCommand> Commands
    {
        get
        {
            lock (commands)
            {
                return commands.ToArray();
            }
        }
    }

    /// <summary>The commands as keys ("zfs get -H ..."), in order.</summary>
    public IReadOnlyList<string> CommandKeys => Commands.Select(Key).ToArray();

    public static string Key(NativeCommand command) => string.Join(' ', [command.Program, .. command.Arguments]);

    public ComputeNodeConnection Connect() => new(ComputeNode, ConnectionKind.Local, this);

    public ScriptedTransport On(string key, string stdout = "", int exitCode = 0, string stderr = "")
    {
        answers[key] = _ => new Answer(() => new StringReader(stdout), exitCode, stderr);
        return this;
    }

    /// <summary>Answers with a reader made when the command starts (e.g. a generated, lazily produced listing).</summary>
    public ScriptedTransport OnStream(string key, Func<TextReader> stdout)
    {
        answers[key] = _ => new Answer(stdout, 0, string.Empty);
        return this;
    }

    /// <summary>Answers depending on the command (e.g. its stdin).</summary>
    public ScriptedTransport OnCommand(string key, Func<NativeCommand, (string Stdout, int ExitCode, string Stderr)> answer)
    {
        answers[key] = command =>
        {
            var (stdout, exitCode, stderr) = answer(command);
            return new Answer(() => new StringReader(stdout), exitCode, stderr);
        };
        return this;
    }

    /// <summary>Answers every command of this program that has no answer of its own (e.g. a <see cref="FakeZfs"/>).</summary>
    public ScriptedTransport OnProgram(string program, Func<NativeCommand, (string Stdout, int ExitCode, string Stderr)> answer)
    {
        programs[program] = command =>
        {
            var (stdout, exitCode, stderr) = answer(command);
            return new Answer(() => new StringReader(stdout), exitCode, stderr);
        };
        return this;
    }

    /// <summary>Every command of this program ends as a remote shell does for an unknown program: exit 127.</summary>
    public ScriptedTransport Missing(string program)
    {
        missingPrograms.Add(program);
        return this;
    }

    /// <summary>The command never gets an answer: the connection breaks.</summary>
    public ScriptedTransport LoseConnection(string key)
    {
        answers[key] = command => throw new NativeCommandException(ErrorIds.ConnectionLost, ZoneErrorCategory.ConnectionError,
            $"The connection to {ComputeNode} was lost.", ComputeNode, command.CommandLine, null, string.Empty);
        return this;
    }

    /// <summary>The keys of the commands started while Ctrl+C could stop them (an ambient <see cref="CommandCancellation"/> that can cancel), in order.</summary>
    public IReadOnlyList<string> CancellableKeys
    {
        get
        {
            lock (commands)
            {
                return cancellable.ToArray();
            }
        }
    }

    /// <summary>
    /// The command outlives its timeout, and the fake ends it as the real transports do (ICommandTransport): a read
    /// is killed (CommandTimedOut); a write (<see cref="NativeCommand.ChangesState"/>) is left running (CommandMayStillBeRunning).
    /// </summary>
    public ScriptedTransport OutliveTimeout(string key)
    {
        answers[key] = command => throw (command.ChangesState
            ? new NativeCommandException(ErrorIds.CommandMayStillBeRunning, ZoneErrorCategory.OperationTimeout,
                $"'{command.Program}' on {ComputeNode} did not finish in time. It changes the compute node, so it was not killed: it may still be running.",
                ComputeNode, command.CommandLine, null, string.Empty)
            : CommandErrors.TimedOut(command, ComputeNode, TimeSpan.FromSeconds(3), "Terminated\n"));
        return this;
    }

    public IRunningCommand Start(NativeCommand command)
    {
        // As the real transports (ProcessCommand.Start): a command is not started once the operation was stopped.
        CommandCancellation.ThrowIfStopped();
        lock (commands)
        {
            commands.Add(command);
            if (CommandCancellation.Current.CanBeCanceled)
            {
                cancellable.Add(Key(command));
            }
        }

        var key = Key(command);
        if (missingPrograms.Contains(command.Program))
        {
            return new Running(this, command, new Answer(() => new StringReader(string.Empty), 127, $"sh: 1: {command.Program}: not found\n"));
        }

        if (!answers.TryGetValue(key, out var answer) && !programs.TryGetValue(command.Program, out answer))
        {
            throw new InvalidOperationException($"The fake compute node has no answer for: {key}");
        }

        return new Running(this, command, answer(command));
    }

    public void Dispose()
    {
    }

    private sealed record Answer(Func<TextReader> Stdout, int ExitCode, string Stderr);

    private sealed class Running(ScriptedTransport transport, NativeCommand command, Answer answer) : IRunningCommand
    {
        public NativeCommand Command { get; } = command;

        public TextReader StandardOutput { get; } = answer.Stdout();

        public CommandResult Complete()
        {
            StandardOutput.ReadToEnd();
            if (!Command.SuccessExitCodes.Contains(answer.ExitCode))
            {
                throw new NativeCommandException(ErrorIds.NativeCommandFailed, ZoneErrorCategory.InvalidResult,
                    $"'{Command.Program}' on {transport.ComputeNode} failed with exit code {answer.ExitCode}.",
                    transport.ComputeNode, Command.CommandLine, answer.ExitCode, answer.Stderr);
            }

            return new CommandResult(transport.ComputeNode, Command.CommandLine, answer.ExitCode, answer.Stderr, TimeSpan.Zero);
        }

        public void Dispose() => StandardOutput.Dispose();
    }
}

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// A native command: a program, its arguments (never a shell string) and optional standard input.
/// Payloads (vmadm JSON) travel on stdin so they never appear in a process list or a log.
/// </summary>
public sealed record NativeCommand
{
    public NativeCommand(string program, params string[] arguments)
        : this(program, (IReadOnlyList<string>)arguments)
    {
    }

    public NativeCommand(string program, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        Program = program;
        Arguments = arguments;
    }

    public string Program { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Text written to the command's stdin, then stdin is closed. Null: stdin is closed at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Null: the connection's default timeout applies.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Exit codes that count as success. Default: only 0.</summary>
    public IReadOnlyCollection<int> SuccessExitCodes { get; init; } = DefaultSuccessExitCodes;

    private static readonly int[] DefaultSuccessExitCodes = [0];

    /// <summary>
    /// True for a command that changes the compute node (vmadm create/update, zfs set...). Such a
    /// command is never killed: on a timeout or a stop it is left to finish and reported as possibly
    /// still running (CommandMayStillBeRunning), and it never rides a persistent channel (which is killed
    /// on a timeout). Not a free flag: a write is built with <see cref="Write"/> or marked with
    /// <see cref="AsWrite"/>, and every step of a plan (<c>PlannedCommand</c>) is marked by its constructor.
    /// </summary>
    public bool ChangesState { get; private init; }

    /// <summary>A command that changes the compute node (see <see cref="ChangesState"/>).</summary>
    public static NativeCommand Write(string program, params string[] arguments) => new NativeCommand(program, arguments).AsWrite();

    /// <summary>This command, marked as one that changes the compute node (see <see cref="ChangesState"/>).</summary>
    public NativeCommand AsWrite() => ChangesState ? this : this with { ChangesState = true };

    /// <summary>
    /// The most stdout characters accepted; past it the command is stopped (OutputTooLarge). Null: the
    /// defaults of <see cref="OutputLimits"/> (streamed, or read whole by Run).
    /// </summary>
    public long? MaxOutputChars { get; init; }

    /// <summary>
    /// The command line as it runs: <c>LC_ALL=C 'zfs' 'list' '-H'</c>. This is what -WhatIf shows;
    /// the stdin payload is named, not printed.
    /// </summary>
    public string CommandLine =>
        "LC_ALL=C " + PosixShell.Join(Program, Arguments) + (StandardInput is null ? string.Empty : " < (stdin payload)");

    public override string ToString() => CommandLine;
}

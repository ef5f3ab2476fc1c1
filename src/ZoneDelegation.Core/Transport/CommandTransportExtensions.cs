namespace ZoneDelegation.Core.Transport;

public static class CommandTransportExtensions
{
    /// <summary>Runs a command whose output is small (a property, a JSON object) and returns stdout whole.</summary>
    public static (string StandardOutput, CommandResult Result) Run(this ICommandTransport transport, NativeCommand command)
    {
        using var running = transport.Start(command);
        var output = running.StandardOutput.ReadToEnd();
        return (output, running.Complete());
    }

    /// <summary>
    /// Streams a command's stdout through a parser: objects are yielded as lines arrive, and the
    /// exit is checked after the last one (a failure surfaces as NativeCommandException).
    /// Cancelling <paramref name="cancellationToken"/> from another thread (a stopped pipeline) stops
    /// the command at once, even while a read is waiting for output; the enumeration then ends with
    /// OperationCanceledException.
    /// </summary>
    public static IEnumerable<T> Stream<T>(this ICommandTransport transport, NativeCommand command, Func<TextReader, IEnumerable<T>> parse,
        CancellationToken cancellationToken = default)
    {
        using var running = transport.Start(command);

        // Disposing a command that has not completed stops its far end and kills the local process,
        // so a read blocked on a silent CN returns.
        using var stop = cancellationToken.Register(running.Dispose);
        using var items = parse(running.StandardOutput).GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = items.MoveNext();
            }
            catch (Exception error) when (cancellationToken.IsCancellationRequested)
            {
                // A killed command ends mid-line: what the parser made of it is not the caller's problem.
                throw new OperationCanceledException("The command was stopped.", error, cancellationToken);
            }

            if (!more)
            {
                break;
            }

            yield return items.Current;
        }

        cancellationToken.ThrowIfCancellationRequested();
        running.Complete();
    }
}

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
    /// </summary>
    public static IEnumerable<T> Stream<T>(this ICommandTransport transport, NativeCommand command, Func<TextReader, IEnumerable<T>> parse)
    {
        using var running = transport.Start(command);
        foreach (var item in parse(running.StandardOutput))
        {
            yield return item;
        }

        running.Complete();
    }
}

namespace ZoneDelegation.HelpBuilder;

/// <summary>A docs file that does not follow the PlatyPS 2.0.0 schema; the build stops on it.</summary>
public sealed class HelpFormatException(string file, int line, string message)
    : Exception($"{file}({line}): {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

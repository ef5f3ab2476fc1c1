using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// Output of a native command was not in the expected format (ErrorId ParseError). Carries the 1-based
/// line number and what was expected there; the offending line (cut to 200 characters) is the Target. The
/// problem may quote the CN's text, so the message and the target both lose their control characters.
/// A parser throws this rather than yield an object it is not sure of.
/// </summary>
public sealed class ParseException : ZoneDelegationException
{
    private const int MaxTargetLength = 200;

    public ParseException(string source, long lineNumber, string problem, string? lineText = null, Exception? innerException = null)
        : base(ErrorIds.ParseError, ZoneErrorCategory.InvalidResult,
            lineNumber > 0 ? $"{source} output, line {lineNumber}: {Transport.TerminalText.Clean(problem)}" : $"{source} output: {Transport.TerminalText.Clean(problem)}",
            Cut(lineText),
            "The command's output is not what this module parses (LC_ALL=C, -H, -p). Run the command shown with -WhatIf " +
            "on the compute node to see its output; a different platform version or a stand-in may print something else.",
            innerException)
    {
        OutputOf = source;
        LineNumber = lineNumber;
        Problem = Transport.TerminalText.Clean(problem);
    }

    /// <summary>What was being parsed, e.g. "zfs list".</summary>
    public string OutputOf { get; }

    /// <summary>1-based; 0 when the problem is the stream as a whole (e.g. empty).</summary>
    public long LineNumber { get; }

    /// <summary>What was wrong and what was expected.</summary>
    public string Problem { get; }

    // The offending text came from the CN: cut, and without control characters, as it may be shown.
    private static string? Cut(string? text) =>
        text is null ? null : Transport.TerminalText.Clean(text.Length <= MaxTargetLength ? text : text[..MaxTargetLength] + "...");
}

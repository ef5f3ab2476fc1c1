namespace ZoneDelegation.Core.Transport;

/// <summary>
/// How much output the module accepts from a command, in characters. A compute node is not trusted
/// to be small: past a cap the command is stopped and the read fails with OutputTooLarge, so a
/// hostile or broken CN can never fill the operator's memory. Documented in the README's security
/// section and about_ZoneDelegation.
/// </summary>
internal static class OutputLimits
{
    /// <summary>stdout read whole (sysinfo, vmadm get, a property): 8 Mi characters.</summary>
    public const long WholeOutputChars = 8L * 1024 * 1024;

    /// <summary>stdout streamed line by line (a listing): 256 Mi characters in all.</summary>
    public const long StreamedOutputChars = 256L * 1024 * 1024;

    /// <summary>
    /// One line of stdout: 8 Mi characters, as much as a whole read (a parser holds a line whole). Output
    /// of megabytes without a newline is legitimate (the channel and exec paths pass it byte for byte).
    /// </summary>
    public const int LineChars = 8 * 1024 * 1024;

    /// <summary>stderr kept for the error message: the first 64 Ki characters; the rest is counted, not kept.</summary>
    public const int StandardErrorKeptChars = 64 * 1024;

    /// <summary>stderr in all: 16 Mi characters, then the command is stopped.</summary>
    public const long StandardErrorChars = 16L * 1024 * 1024;
}

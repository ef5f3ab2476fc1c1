namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// Seconds since the epoch as a CN reports them (zfs creation). A value past the year 9999 (or past
/// long.MaxValue) cannot be a real time: it is a ParseError, never an overflow that escapes as UnexpectedError.
/// </summary>
internal static class UnixTime
{
    /// <summary>The last second DateTimeOffset can hold: 9999-12-31T23:59:59Z.</summary>
    public const ulong MaxSeconds = 253402300799;

    public static DateTimeOffset FromSeconds(ulong seconds, string source, string what)
    {
        if (seconds > MaxSeconds)
        {
            throw new ParseException(source, 0, $"{what} is {seconds} seconds since 1970, past the year 9999: not a time.", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// A SmartOS platform build stamp, <c>YYYYMMDDTHHMMSSZ</c> (UTC), e.g. <c>20150418T012345Z</c>.
/// Ordered the way Triton orders them: by plain string comparison, which is chronological because
/// the format has a fixed width (sdc-designation, imgadm).
/// </summary>
public readonly partial struct PlatformStamp : IComparable<PlatformStamp>, IEquatable<PlatformStamp>
{
    private readonly string? value;

    private PlatformStamp(string value) => this.value = value;

    public string Value => value ?? string.Empty;

    /// <summary>DAPI's validation pattern (sdc-designation lib/validations.js), plus a real calendar check.</summary>
    [GeneratedRegex(@"^20\d\d[01]\d[0123]\dT[012]\d[012345]\d\d\dZ$", RegexOptions.CultureInvariant)]
    private static partial Regex StampPattern();

    public DateTimeOffset Timestamp => DateTimeOffset.ParseExact(Value, "yyyyMMdd'T'HHmmss'Z'",
        CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static bool TryParse([NotNullWhen(true)] string? text, out PlatformStamp stamp)
    {
        stamp = default;
        if (text is null || !StampPattern().IsMatch(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out _))
        {
            return false;
        }

        stamp = new PlatformStamp(text);
        return true;
    }

    /// <summary>Parses a stamp or throws InvalidPlatformStamp naming the value and the expected form.</summary>
    public static PlatformStamp Parse(string? text)
    {
        if (TryParse(text, out var stamp))
        {
            return stamp;
        }

        throw new ZoneDelegationException(ErrorIds.InvalidPlatformStamp, ZoneErrorCategory.InvalidArgument,
            $"'{text}' is not a platform stamp.", text,
            "A platform stamp is YYYYMMDDTHHMMSSZ in UTC, for example 20150418T000000Z (sysinfo \"Live Image\").");
    }

    public int CompareTo(PlatformStamp other) => string.CompareOrdinal(Value, other.Value);

    public bool Equals(PlatformStamp other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is PlatformStamp other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(PlatformStamp left, PlatformStamp right) => left.Equals(right);

    public static bool operator !=(PlatformStamp left, PlatformStamp right) => !left.Equals(right);

    public static bool operator <(PlatformStamp left, PlatformStamp right) => left.CompareTo(right) < 0;

    public static bool operator >(PlatformStamp left, PlatformStamp right) => left.CompareTo(right) > 0;

    public static bool operator <=(PlatformStamp left, PlatformStamp right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PlatformStamp left, PlatformStamp right) => left.CompareTo(right) >= 0;
}

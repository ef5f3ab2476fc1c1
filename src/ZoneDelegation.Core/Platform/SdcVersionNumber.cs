using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// An SDC (Triton) version such as "7.0", as sysinfo "SDC Version" reports it and as min_platform keys
/// use it. Ordered numerically by major then minor. DAPI compares these as strings, which would put
/// "10.0" before "7.0"; numeric order is what the versions mean, so we deliberately differ there.
/// </summary>
internal readonly struct SdcVersionNumber : IComparable<SdcVersionNumber>, IEquatable<SdcVersionNumber>
{
    /// <summary>What DAPI assumes when sysinfo has no "SDC Version" (a standalone SmartOS CN).</summary>
    public static readonly SdcVersionNumber Default = new(6, 5);

    public SdcVersionNumber(int major, int minor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(major);
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        Major = major;
        Minor = minor;
    }

    public int Major { get; }

    public int Minor { get; }

    /// <summary>Accepts exactly <c>^\d+\.\d+$</c> (sdc-designation VERSION_RE), ASCII digits only.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SdcVersionNumber version)
    {
        version = default;
        var dot = text?.IndexOf('.') ?? -1;
        if (dot <= 0 || dot == text!.Length - 1)
        {
            return false;
        }

        var major = text.AsSpan(0, dot);
        var minor = text.AsSpan(dot + 1);
        if (!IsDigits(major) || !IsDigits(minor) ||
            !int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ||
            !int.TryParse(minor, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
        {
            return false;
        }

        version = new SdcVersionNumber(a, b);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public int CompareTo(SdcVersionNumber other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public bool Equals(SdcVersionNumber other) => Major == other.Major && Minor == other.Minor;

    public override bool Equals(object? obj) => obj is SdcVersionNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Major, Minor);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    public static bool operator ==(SdcVersionNumber left, SdcVersionNumber right) => left.Equals(right);

    public static bool operator !=(SdcVersionNumber left, SdcVersionNumber right) => !left.Equals(right);

    public static bool operator <(SdcVersionNumber left, SdcVersionNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(SdcVersionNumber left, SdcVersionNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(SdcVersionNumber left, SdcVersionNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SdcVersionNumber left, SdcVersionNumber right) => left.CompareTo(right) >= 0;
}

using System.Globalization;

namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>What an integer column of <c>zfs list -p</c> / <c>zfs get -p</c> held.</summary>
public enum ZfsIntegerState
{
    /// <summary>'-': the property does not apply (e.g. snapshot_count of a snapshot).</summary>
    Absent,

    /// <summary>
    /// 18446744073709551615 (UINT64_MAX), shown as "none" without -p: an unset limit, or a count zfs does not keep
    /// (source default; libzfs falls back to the count's default, UINT64_MAX).
    /// </summary>
    Unlimited,

    /// <summary>An exact number.</summary>
    Value,
}

/// <summary>
/// An integer property value read with -p. Note that quota and reservation print 0 for "none";
/// only the limits print UINT64_MAX. That meaning belongs to the caller, so 0 stays a value here.
/// </summary>
public readonly struct ZfsInteger : IEquatable<ZfsInteger>
{
    private readonly ulong number;

    private ZfsInteger(ZfsIntegerState state, ulong number)
    {
        State = state;
        this.number = number;
    }

    public static ZfsInteger Absent => default;

    public static ZfsInteger Unlimited => new(ZfsIntegerState.Unlimited, ulong.MaxValue);

    public ZfsIntegerState State { get; }

    public bool IsAbsent => State == ZfsIntegerState.Absent;

    public bool IsUnlimited => State == ZfsIntegerState.Unlimited;

    public bool HasValue => State == ZfsIntegerState.Value;

    /// <summary>The number, or null when absent or unlimited.</summary>
    public ulong? Value => HasValue ? number : null;

    public static ZfsInteger FromValue(ulong value) =>
        value == ulong.MaxValue ? Unlimited : new ZfsInteger(ZfsIntegerState.Value, value);

    /// <summary>'-', or decimal digits only (no sign, no spaces, no suffix), within UInt64.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ZfsInteger value)
    {
        value = default;
        if (text is "-")
        {
            return true;
        }

        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        ulong result = 0;
        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            // Overflow check: result * 10 + digit must stay within UInt64.
            if (result > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = FromValue(result);
        return true;
    }

    public bool Equals(ZfsInteger other) => State == other.State && number == other.number;

    public override bool Equals(object? obj) => obj is ZfsInteger other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(State, number);

    /// <summary>As zfs prints it without -p: "-", "none", or the number.</summary>
    public override string ToString() => State switch
    {
        ZfsIntegerState.Absent => "-",
        ZfsIntegerState.Unlimited => "none",
        _ => number.ToString(CultureInfo.InvariantCulture),
    };

    public static bool operator ==(ZfsInteger left, ZfsInteger right) => left.Equals(right);

    public static bool operator !=(ZfsInteger left, ZfsInteger right) => !left.Equals(right);
}

using System.Globalization;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// Sizes are bytes everywhere in the module, so PowerShell's <c>10GB</c> and <c>256MB</c> work, and
/// are converted to the unit vmadm expects (max_physical_memory in MiB, quota in GiB). A value that
/// is not a whole number of that unit is refused rather than rounded: the zone gets exactly what
/// the caller wrote, or nothing.
/// </summary>
internal static class ByteSize
{
    public const long Mebibyte = 1L << 20;

    public const long Gibibyte = 1L << 30;

    /// <summary><paramref name="bytes"/> as a whole number of <paramref name="unit"/> bytes, at least <paramref name="minimumUnits"/>.</summary>
    public static long ToWholeUnits(long bytes, long unit, string parameterName, long minimumUnits = 0)
    {
        var unitName = unit == Gibibyte ? "GiB" : unit == Mebibyte ? "MiB" : unit.ToString(CultureInfo.InvariantCulture) + " bytes";
        var suffix = unit == Gibibyte ? "GB" : "MB";
        if (bytes < 0 || bytes % unit != 0 || bytes / unit < minimumUnits)
        {
            var smallest = Math.Max(minimumUnits, 1);
            throw new ZoneDelegationException(ErrorIds.InvalidSize, ZoneErrorCategory.InvalidArgument,
                $"-{parameterName} {bytes.ToString(CultureInfo.InvariantCulture)} is not a whole number of {unitName}" +
                (minimumUnits > 0 ? $" of at least {minimumUnits.ToString(CultureInfo.InvariantCulture)} {unitName}" : string.Empty) +
                $" (sizes are in bytes; vmadm takes this one in {unitName}).",
                bytes,
                $"Give the size in bytes with PowerShell's suffix, for example -{parameterName} {smallest.ToString(CultureInfo.InvariantCulture)}{suffix}.");
        }

        return bytes / unit;
    }
}

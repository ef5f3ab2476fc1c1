using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Limits;

/// <summary>
/// Compares a re-read <see cref="DatasetLimit"/> with the request. vmadm has reported "Successfully
/// updated" for updates it did not apply (smartos-live#252, #147), so success is what zfs says afterwards.
/// </summary>
internal static class DatasetLimitVerifier
{
    /// <summary>One sentence per requested value that is not in place; empty when all are.</summary>
    public static IReadOnlyList<string> Differences(DatasetLimitRequest request, DatasetLimit actual)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        Compare(differences, "snapshot_limit", request.SnapshotLimit, actual.SnapshotLimit);
        Compare(differences, "filesystem_limit", request.FilesystemLimit, actual.FilesystemLimit);
        Compare(differences, actual.QuotaProperty, request.Quota, actual.Quota);
        return differences;
    }

    /// <summary>VerificationFailed (InvalidResult, the zone as Target) listing each difference.</summary>
    public static ZoneDelegationException Mismatch(DatasetLimit actual, IReadOnlyList<string> differences)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(differences);
        return new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
            $"The limits of zone {actual.Zone} on {actual.ComputeNode} are not as requested after the change: " +
            string.Join("; ", differences) + ".", actual.Zone,
            "The commands reported success but zfs shows otherwise (vmadm is known to do this). " +
            "Run Get-DatasetLimit to see the values, then retry.");
    }

    private static void Compare(List<string> differences, string property, LimitSetting requested, ulong? actual)
    {
        if (requested.IsKeep || requested.Desired == actual)
        {
            return;
        }

        differences.Add($"{property} is {Show(actual)}, expected {Show(requested.Desired)}");
    }

    internal static string Show(ulong? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}

using System.Globalization;
using ZoneDelegation.Core.Limits;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Set-DatasetLimit against the delegation policy: a limit set above the policy's, or cleared, is allowed (the
/// operator decides), but a delegated zone so changed is one the audit reports (SnapshotLimitAbovePolicy,
/// SnapshotLimitMissing, ...) and Repair-SafeZone would set back. One sentence per such limit, saying so and how
/// to change the policy instead; none when the change keeps within it.
/// </summary>
internal static class LimitChangeReview
{
    public static IReadOnlyList<string> Warnings(DatasetLimitChange change, DelegationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(policy);
        var warnings = new List<string>();
        Review(warnings, DatasetLimitChange.SnapshotLimitName, change.SnapshotLimit, policy.SnapshotLimit,
            SafetyFindingCode.SnapshotLimitAbovePolicy, SafetyFindingCode.SnapshotLimitMissing);
        Review(warnings, DatasetLimitChange.FilesystemLimitName, change.FilesystemLimit, policy.FilesystemLimit,
            SafetyFindingCode.FilesystemLimitAbovePolicy, SafetyFindingCode.FilesystemLimitMissing);
        return warnings;
    }

    private static void Review(List<string> warnings, string name, LimitSetting setting, long policyLimit,
        SafetyFindingCode above, SafetyFindingCode missing)
    {
        var limit = policyLimit.ToString(CultureInfo.InvariantCulture);
        if (setting.Action == LimitAction.Set && setting.Value > (ulong)Math.Max(policyLimit, 0))
        {
            warnings.Add(
                $"-{name} {setting.Value.ToString(CultureInfo.InvariantCulture)} is above the delegation policy's {name} {limit} " +
                $"(Get-DelegationPolicy): Test-ZoneCompliance reports a delegated zone with it as {above}, and Repair-SafeZone " +
                $"would set it back to {limit}. To allow it, raise the policy with Set-DelegationPolicy -{name} " +
                $"{setting.Value.ToString(CultureInfo.InvariantCulture)}.");
        }
        else if (setting.Action == LimitAction.Clear)
        {
            warnings.Add(
                $"-Clear {name} leaves the zone without a {name}, which the delegation policy requires ({limit}, Get-DelegationPolicy): " +
                $"Test-ZoneCompliance reports a delegated zone without it as {missing}, and Repair-SafeZone would set it to {limit}.");
        }
    }
}

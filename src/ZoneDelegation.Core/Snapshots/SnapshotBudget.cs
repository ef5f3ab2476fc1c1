using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;

namespace ZoneDelegation.Core.Snapshots;

/// <summary>
/// Whether one more snapshot fits the zone's snapshot_limit. The global zone is exempt from the limit
/// (vmadm(8) zfs_snapshot_limit: "The root user in the GZ is immune to this limit"), so a snapshot taken
/// here is created anyway, yet it counts against the zone's budget and can leave the zone unable to
/// snapshot its own data: at or over the limit it is refused unless forced.
/// </summary>
internal static class SnapshotBudget
{
    /// <returns>The warnings to show before the snapshot is taken.</returns>
    public static IReadOnlyList<string> Check(DatasetLimit limits, bool force)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.SnapshotLimit is not { } limit || limits.SnapshotCount is not { } count)
        {
            return [];
        }

        if (count >= limit)
        {
            var message = $"Zone {limits.Zone} on {limits.ComputeNode} has {count} snapshots and its snapshot_limit is {limit}.";
            if (!force)
            {
                throw new ZoneDelegationException(ErrorIds.SnapshotLimitReached, ZoneErrorCategory.LimitsExceeded,
                    message + " The global zone is exempt from the limit, so the snapshot would be made, and the zone could no longer snapshot its own data.",
                    limits.Zone,
                    $"Remove snapshots first (Get-ZoneSnapshot -Zone {limits.Zone} | Remove-ZoneSnapshot), or raise the limit " +
                    $"(Set-DatasetLimit -Zone {limits.Zone} -SnapshotLimit <n>); -Force takes it anyway.");
            }

            return [message + $" -Force: taking one more leaves {count + 1} of {limit}; the zone cannot snapshot its data until snapshots are removed."];
        }

        var remaining = limit - count - 1;
        return remaining * 10 < limit
            ? [$"Zone {limits.Zone} on {limits.ComputeNode}: after this snapshot {remaining} of its snapshot_limit {limit} remain (fewer than a tenth)."]
            : [];
    }
}

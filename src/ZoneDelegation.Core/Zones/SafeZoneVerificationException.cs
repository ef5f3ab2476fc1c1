using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// SafeZoneVerificationFailed: vmadm create succeeded but the zone read back is not what was planned.
/// The zone is left in place for the operator; <see cref="Zone"/> is what was read back (null when the
/// read-back itself failed, then the inner exception says why).
/// </summary>
public sealed class SafeZoneVerificationException : ZoneDelegationException
{
    public SafeZoneVerificationException(string computeNode, string uuid, IReadOnlyList<SafeZoneDifference> differences,
        SafeZone? zone, Exception? innerException = null)
        : base(ErrorIds.SafeZoneVerificationFailed, ZoneErrorCategory.InvalidResult,
            $"Zone {uuid} was created on {computeNode}, but what was read back differs from the plan: " +
            string.Join("; ", differences) + $". The zone {uuid} was left in place for the operator.",
            uuid,
            $"Inspect it with Get-SafeZone -ComputeNode {computeNode} -Uuid {uuid} (or 'vmadm get {uuid}' and " +
            $"'zfs get zoned,snapshot_limit,filesystem_limit -r <pool>/{uuid}' on the CN); fix it with vmadm update, " +
            $"or remove it with 'vmadm delete {uuid}' if it is not wanted.",
            innerException)
    {
        ComputeNode = computeNode;
        Uuid = uuid;
        Differences = differences;
        Zone = zone;
    }

    public string ComputeNode { get; }

    public string Uuid { get; }

    public IReadOnlyList<SafeZoneDifference> Differences { get; }

    public SafeZone? Zone { get; }
}

using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// SafeZoneVerificationFailed: vmadm create succeeded but the zone read back is not what was planned.
/// The message says exactly how far New-SafeZone got: created and never booted (a check before the first
/// boot failed), or created, verified, booted, and then a check of what only the boot sets failed; and the
/// zone's vmadm state as read back. The zone is left in place for the operator; <see cref="Zone"/> is what
/// was read back (null when the read-back itself failed, then the inner exception says why).
/// </summary>
public sealed class SafeZoneVerificationException : ZoneDelegationException
{
    public SafeZoneVerificationException(string computeNode, string uuid, IReadOnlyList<SafeZoneDifference> differences,
        SafeZone? zone, bool booted = false, Exception? innerException = null)
        : base(ErrorIds.SafeZoneVerificationFailed, ZoneErrorCategory.InvalidResult,
            Describe(computeNode, uuid, differences, zone, booted), uuid, HintFor(computeNode, uuid, booted), innerException)
    {
        ComputeNode = computeNode;
        Uuid = uuid;
        Differences = differences;
        Zone = zone;
        Booted = booted;
    }

    public string ComputeNode { get; }

    public string Uuid { get; }

    public IReadOnlyList<SafeZoneDifference> Differences { get; }

    public SafeZone? Zone { get; }

    /// <summary>False: the check before the first boot failed and the zone was never booted. True: it was booted (vmadm start succeeded) and a check after the boot failed.</summary>
    public bool Booted { get; }

    private static string Describe(string computeNode, string uuid, IReadOnlyList<SafeZoneDifference> differences, SafeZone? zone, bool booted)
    {
        var state = zone?.State is { } s ? $"vmadm state '{s}'" : "its vmadm state could not be read";
        return booted
            ? $"Zone {uuid} was created on {computeNode}, passed the checks before its first boot and was booted (vmadm start " +
              $"succeeded, autoboot set), but what its boot should have set differs from the plan: {string.Join("; ", differences)}. " +
              $"The zone {uuid} was left in place, booted ({state})."
            : $"Zone {uuid} was created on {computeNode} but NOT booted: what was read back before its first boot differs from " +
              $"the plan: {string.Join("; ", differences)}. The zone {uuid} was left in place, never booted ({state}).";
    }

    private static string HintFor(string computeNode, string uuid, bool booted) =>
        $"Inspect it with Get-SafeZone -ComputeNode {computeNode} -Zone {uuid} and Get-DatasetLimit -ComputeNode {computeNode} -Zone {uuid}; " +
        (booted ? $"stop it with 'vmadm stop {uuid}', then fix its limits and limit_priv with Repair-SafeZone -ComputeNode {computeNode} -Zone {uuid}, "
            : $"fix its limits and limit_priv with Repair-SafeZone -ComputeNode {computeNode} -Zone {uuid}, ") +
        $"or remove it with 'vmadm delete {uuid}' if it is not wanted.";
}

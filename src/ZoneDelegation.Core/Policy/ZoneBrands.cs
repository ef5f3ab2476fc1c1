namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Which vmadm brands may have a delegated dataset. Brand names are compared exactly, as vmadm does.
/// </summary>
internal static class ZoneBrands
{
    /// <summary>
    /// The OS brands "safe" delegation is for. <c>builder</c> (RFD 184) is an OS brand and vmadm lets it
    /// delegate, but it is excluded: it is an operator-only build zone with the bhyve device nodes
    /// (/dev/vmm*, /dev/viona) and extra privileges in its limit set, so the "safe" promise (a tenant
    /// zone bounded by limits and without zfs receive) does not describe it, and platforms before
    /// 2025 do not know the brand at all.
    /// </summary>
    public static IReadOnlySet<string> SafeDelegation { get; } =
        new HashSet<string>(["joyent", "joyent-minimal", "lx"], StringComparer.Ordinal);

    /// <summary>
    /// Brands vmadm accepts <c>delegate_dataset</c> for (proptable.js: the OS brands; kvm and bhyve have
    /// no zone dataset to delegate). A plain <c>delegate_dataset: true</c> is checked against this set.
    /// </summary>
    public static IReadOnlySet<string> Delegation { get; } =
        new HashSet<string>(["joyent", "joyent-minimal", "lx", "builder"], StringComparer.Ordinal);
}

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// How long a vmadm command that changes a zone's state may take before we call it possibly still running.
/// Each limit is the sum of vmadm's own waits (smartos-live src/vm/node_modules/VM.js at 059ec272), plus
/// <see cref="UnboundedWork"/> for the steps vmadm runs without a limit of its own, so a slow but normal
/// command ends by itself before ours does. vmadm's vminfod watches of renames and zonecfg edits
/// (VMINFOD_TIMEOUT each) are failsafes that end as soon as vminfod sees the change and are not counted.
/// These limits replace -CommandTimeoutSec for these commands: a shorter one would abandon a normal change.
/// </summary>
internal static class VmadmTimeouts
{
    /// <summary>VM.js STOP_TIMEOUT: the wait for a clean shutdown (doShutdownStop) before <c>zoneadm halt</c>.</summary>
    public static TimeSpan StopWait { get; } = TimeSpan.FromSeconds(60);

    /// <summary>VM.js PROVISION_TIMEOUT: startZone's wait for the zone to run, and reprovision's provisioning transition.</summary>
    public static TimeSpan ProvisionWait { get; } = TimeSpan.FromSeconds(300);

    /// <summary>VM.js VMINFOD_TIMEOUT: startZone's wait for vminfod to see autoboot set, halt's wait for zone_state installed.</summary>
    public static TimeSpan VminfodWait { get; } = TimeSpan.FromSeconds(60);

    /// <summary>zfs, zonecfg, zoneadm boot/halt, the brand's install script and the config copy: vmadm gives them no limit.</summary>
    public static TimeSpan UnboundedWork { get; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// <c>vmadm stop</c>: doShutdownStop waits <see cref="StopWait"/> and then halts, but VM.stop's own watch for
    /// state stopped is a 300 s failsafe (<c>timeout: 300 * 1000</c>), which is what bounds it.
    /// </summary>
    public static TimeSpan Stop { get; } = ProvisionWait + UnboundedWork;

    /// <summary><c>vmadm start</c>: startZone waits up to PROVISION_TIMEOUT for state running, then VMINFOD_TIMEOUT for autoboot.</summary>
    public static TimeSpan Start { get; } = ProvisionWait + VminfodWait + UnboundedWork;

    /// <summary>
    /// <c>vmadm rollback-snapshot</c> (VM.js rollback_snapshot): a zone not yet stopped is halted (halt waits
    /// VMINFOD_TIMEOUT for zone_state installed), <c>zfs rollback -r</c>, then VM.start as <see cref="Start"/>.
    /// </summary>
    public static TimeSpan RollbackSnapshot { get; } = VminfodWait + ProvisionWait + VminfodWait + UnboundedWork;

    /// <summary>
    /// <c>vmadm reprovision</c> (VM.js reprovision): VM.stop of a zone not installed (<see cref="StopWait"/>, then
    /// halt), its own wait for zone_state installed (STOP_TIMEOUT again, then halt), then the new root and
    /// installZone's VM.start (up to PROVISION_TIMEOUT for running, which the provisioning wait runs beside,
    /// then VMINFOD_TIMEOUT for autoboot). 10 minutes.
    /// </summary>
    public static TimeSpan Reprovision { get; } = StopWait + StopWait + ProvisionWait + VminfodWait + UnboundedWork;
}

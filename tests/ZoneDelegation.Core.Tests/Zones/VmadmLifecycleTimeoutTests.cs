using Xunit;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;

namespace ZoneDelegation.Core.Tests.Zones;

/// <summary>
/// Our limit on a vmadm state change must outlast vmadm's own waits, or a normal but slow change is reported as
/// possibly still running. The waits are VM.js's constants at smartos-live 059ec272, written out here on purpose.
/// </summary>
public class VmadmLifecycleTimeoutTests
{
    private const int StopTimeout = 60;       // STOP_TIMEOUT: doShutdownStop, and reprovision's wait for zone_state installed
    private const int ProvisionTimeout = 300; // PROVISION_TIMEOUT: startZone's wait for running, the provisioning transition
    private const int VminfodTimeout = 60;    // VMINFOD_TIMEOUT: startZone's autoboot watch, halt's wait for installed
    private const int StopFailsafe = 300;     // VM.stop's own watch for state stopped (timeout: 300 * 1000)

    private static readonly ZoneUuid Uuid = ZoneUuid.Parse(Zone);

    public static TheoryData<string, int> VmadmWaits => new()
    {
        // VM.stop, then reprovision's own wait for installed, then installZone's VM.start (running, then autoboot).
        { "reprovision", StopTimeout + StopTimeout + ProvisionTimeout + VminfodTimeout },
        // rollback_snapshot: halt of a zone not stopped, then VM.start.
        { "rollback-snapshot", VminfodTimeout + ProvisionTimeout + VminfodTimeout },
        { "start", ProvisionTimeout + VminfodTimeout },
        { "stop", StopFailsafe },
    };

    [Theory]
    [MemberData(nameof(VmadmWaits))]
    public void EachStateChangeOutlastsVmadmsOwnWaits(string subcommand, int vmadmSeconds)
    {
        NativeCommand command = subcommand switch
        {
            "reprovision" => VmadmLifecycleCommands.Reprovision(Uuid, Guid.Parse("2f1dc911-6401-4fa4-8e9d-67ea2e39c271")),
            "rollback-snapshot" => VmadmLifecycleCommands.RollbackSnapshot(Uuid, VmSnapshotName.Parse("a")),
            "start" => VmadmLifecycleCommands.Start(Uuid),
            _ => VmadmLifecycleCommands.Stop(Uuid),
        };

        Assert.Equal(subcommand, command.Arguments[0]);
        var timeout = Assert.NotNull(command.Timeout);
        // At least a minute beyond vmadm's waits, for the zfs, zonecfg and zoneadm work vmadm gives no limit of its own.
        Assert.True(timeout >= TimeSpan.FromSeconds(vmadmSeconds + 60), $"{subcommand}: {timeout} does not outlast vmadm's {vmadmSeconds} s");
    }

    [Fact]
    public void AReprovisionMayTakeTenMinutes() =>
        Assert.Equal(TimeSpan.FromMinutes(10), VmadmLifecycleCommands.Reprovision(Uuid, Guid.Parse("2f1dc911-6401-4fa4-8e9d-67ea2e39c271")).Timeout);
}

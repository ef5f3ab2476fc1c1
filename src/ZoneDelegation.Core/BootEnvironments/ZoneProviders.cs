using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>Chooses the zone provider of a CN from its probed facts: vmadm means SmartOS, else zoneadm.</summary>
internal static class ZoneProviders
{
    public static IZoneProvider For(ComputeNodeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.HasVmadm ? VmadmZoneProvider.Instance : ZoneadmZoneProvider.Instance;
    }

    public static IZoneProvider For(ComputeNodeConnection connection) => For(ComputeNodeProbe.Get(connection));
}

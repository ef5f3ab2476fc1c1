using System.Management.Automation;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Completion;

/// <summary>
/// Completes the zone BE cmdlets' -Zone with the zone names of the targeted CN (zoneadm on illumos), the
/// zone's state shown next to each. Nothing on a CN that has no zone BEs (SmartOS).
/// </summary>
public sealed class BootEnvironmentZoneCompleter : ConnectionCompleter
{
    protected override IEnumerable<Candidate> Fetch(ComputeNodeConnection connection, string? zone) =>
        ZoneProviders.For(connection).ListZones(connection)
            .Select(found => new Candidate(new CompletionResult(CompletionText.Quote(found.Name), $"{found.Name} ({found.State})",
                CompletionResultType.ParameterValue, $"{found.Name}: {found.Brand}, {found.State}, {found.ZonePath}"), found.Name));
}

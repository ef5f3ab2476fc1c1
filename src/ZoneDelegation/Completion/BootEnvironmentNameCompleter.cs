using System.Management.Automation;
using ZoneDelegation.Core.BootEnvironments;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Completion;

/// <summary>Completes -Name with the BE names of the zone already given on the command line (one read of that zone).</summary>
public sealed class BootEnvironmentNameCompleter : ConnectionCompleter
{
    protected override bool NeedsZone => true;

    protected override IEnumerable<Candidate> Fetch(ComputeNodeConnection connection, string? zone) =>
        ZoneBootEnvironmentLister.BootEnvironments(ZoneBootEnvironmentStateReader.Read(connection, zone!), null)
            .Select(be => new Candidate(new CompletionResult(CompletionText.Quote(be.Name), be.Name, CompletionResultType.ParameterValue,
                $"{be.Name}: global BE {be.ParentGlobalBe ?? "(none)"}{(be.ActiveOnBoot ? ", boots" : "")}"), be.Name));
}

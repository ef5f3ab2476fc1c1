using System.Text;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Placement;

/// <summary>The CN placement chose for one zone (null when none fits), and every CN's outcome in the order offered.</summary>
internal sealed class PlacementDecision
{
    public PlacementDecision(PlacementRequest request, IReadOnlyList<PlacementOutcome> outcomes, IReadOnlyList<string> notes)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
        Outcomes = outcomes ?? throw new ArgumentNullException(nameof(outcomes));
        Notes = notes ?? throw new ArgumentNullException(nameof(notes));
    }

    public PlacementRequest Request { get; }

    public IReadOnlyList<PlacementOutcome> Outcomes { get; }

    /// <summary>What the operator should know that is no CN's reason (a -Near or -Far zone found nowhere).</summary>
    public IReadOnlyList<string> Notes { get; }

    public PlacementOutcome? Chosen => Outcomes.FirstOrDefault(o => o.Chosen);

    /// <summary>The placement in words, for -WhatIf and -Verbose: the chosen CN, then why each other CN was not chosen, a line each.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if (Chosen is { } chosen)
        {
            text.Append($"Placement of {Request.Zone}: {chosen.ComputeNode} chosen among {Outcomes.Count} compute nodes ({chosen.Score}; {chosen.Reason}).");
        }
        else
        {
            text.Append($"Placement of {Request.Zone}: no compute node of {Outcomes.Count} fits.");
        }

        foreach (var outcome in Outcomes.Where(o => !o.Chosen))
        {
            text.Append($"\n  {outcome.ComputeNode} not chosen: {outcome.Reason}.");
        }

        foreach (var note in Notes)
        {
            text.Append("\n  ").Append(note);
        }

        return text.ToString();
    }

    /// <summary>The chosen CN's name, or NoComputeNodeFits listing each CN's reasons.</summary>
    public string ChosenOrThrow() => Chosen?.ComputeNode ?? throw new ZoneDelegationException(ErrorIds.NoComputeNodeFits,
        ZoneErrorCategory.ResourceUnavailable,
        $"No compute node fits {Request.Zone} ({Request.MemoryMiB} MiB of memory, quota {Request.QuotaGiB} GiB): " +
        string.Join(" ", Outcomes.Select(o => $"{o.ComputeNode}: {o.Reason}.")) + (Notes.Count > 0 ? " " + string.Join(" ", Notes) : string.Empty),
        Request.Zone,
        "Run Get-ComputeNodeCapacity (and Test-PlatformSupport) on the compute nodes to see what placement sees; offer more compute nodes " +
        "with -ComputeNode, lower -MaxPhysicalMemory or -Quota, drop a -Far zone, or raise the policy's overprovision ratios with Set-DelegationPolicy.");
}

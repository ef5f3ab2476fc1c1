using System.Globalization;

namespace ZoneDelegation.Core.Placement;

/// <summary>One CN's part in a placement: chosen or not, and why (every failed filter, or the score it lost on).</summary>
internal sealed record PlacementOutcome(string ComputeNode, bool Chosen, bool Fits, IReadOnlyList<string> Reasons, PlacementScore? Score)
{
    public string Reason => string.Join("; ", Reasons);
}

/// <summary>A fitting CN's score, DAPI's default weights (see <see cref="PlacementScorer"/>), and its parts.</summary>
internal sealed record PlacementScore(double Memory, double Disk, double Platform)
{
    public double Total => Memory + Disk + Platform;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "score {0:0.00} = memory {1:0.00} + disk {2:0.00} + platform {3:0.00}", Total, Memory, Disk, Platform);
}

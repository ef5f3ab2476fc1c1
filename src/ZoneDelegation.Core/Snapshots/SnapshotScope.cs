namespace ZoneDelegation.Core.Snapshots;

/// <summary>Which part of a zone a snapshot belongs to.</summary>
internal enum SnapshotScope
{
    /// <summary>A snapshot of the zone root <c>&lt;pool&gt;/&lt;uuid&gt;</c> itself: what a machine snapshot covers.</summary>
    Root,

    /// <summary>A snapshot of <c>&lt;pool&gt;/&lt;uuid&gt;/data</c> or below: the zone's own, never in a machine snapshot.</summary>
    Delegated,

    /// <summary>A snapshot of any other child of the zone root.</summary>
    Other,
}

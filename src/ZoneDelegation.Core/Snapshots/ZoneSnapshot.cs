namespace ZoneDelegation.Core.Snapshots;

/// <summary>One snapshot of a zone's datasets, as Get-ZoneSnapshot emits it.</summary>
public sealed record ZoneSnapshot
{
    public required string ComputeNode { get; init; }

    /// <summary>The zone's UUID.</summary>
    public required string Zone { get; init; }

    /// <summary>The snapshotted dataset, e.g. <c>zones/&lt;uuid&gt;/data</c>.</summary>
    public required string Dataset { get; init; }

    /// <summary>
    /// The snapshot's name as the operator gave it: for a root snapshot vmadm named (<c>vmsnap-s3</c>), the name
    /// New-ZoneSnapshot was given (<c>s3</c>); otherwise the part after '@'. What -Name filters and takes.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The part after '@' as ZFS has it (<c>vmsnap-s3</c>).</summary>
    public required string ZfsName { get; init; }

    /// <summary><c>dataset@name</c>.</summary>
    public required string FullName { get; init; }

    /// <summary>Root or Delegated: the <see cref="SnapshotScope"/> by name, so exports write it as text.</summary>
    public string Scope => ScopeValue.ToString();

    internal SnapshotScope ScopeValue { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>Bytes only this snapshot holds.</summary>
    public required ulong Used { get; init; }

    /// <summary>Bytes the snapshot refers to.</summary>
    public required ulong Referenced { get; init; }

    public override string ToString() => FullName;
}

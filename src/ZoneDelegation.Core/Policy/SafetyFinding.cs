namespace ZoneDelegation.Core.Policy;

/// <summary>Why a zone is not a safe delegated zone. The names are stable: scripts and the audit match on them.</summary>
public enum SafetyFindingCode
{
    /// <summary>The zone has no delegated dataset. Not remediable: delegate_dataset is create-only.</summary>
    NotDelegated,

    /// <summary>sys_fs_import is in the zone's limit set: zfs receive of untrusted streams is possible.</summary>
    ReceiveAllowed,

    /// <summary>No zfs_snapshot_limit on the zone root.</summary>
    SnapshotLimitMissing,

    /// <summary>No zfs_filesystem_limit on the zone root.</summary>
    FilesystemLimitMissing,
}

/// <summary>One finding, whether vmadm update can fix it, and what to do.</summary>
public sealed record SafetyFinding(SafetyFindingCode Code, string Message, bool Remediable)
{
    public override string ToString() => $"{Code}: {Message}";
}

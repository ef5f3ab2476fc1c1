namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Something the operator should know that does not stop the operation. <see cref="Code"/> is stable
/// (scripts and tests match on it); <see cref="Message"/> is for people.
/// </summary>
public sealed record DelegationWarning(string Code, string Message)
{
    public override string ToString() => Message;
}

/// <summary>The stable warning codes.</summary>
internal static class DelegationWarningCodes
{
    /// <summary>A limit of 0: the zone can never snapshot.</summary>
    public const string SnapshotLimitZero = nameof(SnapshotLimitZero);

    /// <summary>A limit of 0: the zone can never create a filesystem below its dataset.</summary>
    public const string FilesystemLimitZero = nameof(FilesystemLimitZero);

    /// <summary>A plain <c>delegate_dataset: true</c>: no limits, zfs receive stays allowed.</summary>
    public const string DelegationNotSafe = nameof(DelegationNotSafe);

    /// <summary>limit_priv names no base set (default, basic, zone, all, none).</summary>
    public const string LimitPrivWithoutBaseSet = nameof(LimitPrivWithoutBaseSet);

    /// <summary>ZONEDELEGATION_POLICY names a file that does not exist yet.</summary>
    public const string PolicyFileMissing = nameof(PolicyFileMissing);
}

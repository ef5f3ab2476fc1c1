namespace ZoneDelegation.Core.Errors;

/// <summary>
/// Stable error identifiers. They are part of the public contract: runbooks and Pester suites
/// match on them (<c>Should -Throw -ErrorId 'HostKeyMismatch,*'</c>). Never rename one.
/// </summary>
internal static class ErrorIds
{
    // Connections: the session's registry of compute nodes and the parameters of Connect-ComputeNode
    public const string ComputeNodeNotConnected = nameof(ComputeNodeNotConnected);
    public const string ComputeNodeAmbiguous = nameof(ComputeNodeAmbiguous);
    public const string ComputeNodeAlreadyConnected = nameof(ComputeNodeAlreadyConnected);
    public const string InvalidConnectionParameter = nameof(InvalidConnectionParameter);

    // SSH transport: reaching the CN, its host key, the session
    public const string HostKeyMismatch = nameof(HostKeyMismatch);
    public const string HostKeyUnknown = nameof(HostKeyUnknown);
    public const string HostKeyNotRecorded = nameof(HostKeyNotRecorded);
    public const string AuthenticationFailed = nameof(AuthenticationFailed);
    public const string ComputeNodeUnreachable = nameof(ComputeNodeUnreachable);
    public const string ConnectionLost = nameof(ConnectionLost);
    public const string SshClientNotFound = nameof(SshClientNotFound);

    // Remote commands: how one command on the CN ended
    public const string NativeCommandFailed = nameof(NativeCommandFailed);
    public const string CommandTimedOut = nameof(CommandTimedOut);
    public const string CommandMayStillBeRunning = nameof(CommandMayStillBeRunning);
    public const string OutputTooLarge = nameof(OutputTooLarge);

    // Names and values: refused before any command is built, or output that does not parse
    public const string InvalidDatasetName = nameof(InvalidDatasetName);
    public const string InvalidSnapshotName = nameof(InvalidSnapshotName);
    public const string InvalidPropertyName = nameof(InvalidPropertyName);
    public const string InvalidZoneUuid = nameof(InvalidZoneUuid);
    public const string InvalidPlatformStamp = nameof(InvalidPlatformStamp);
    public const string InvalidSize = nameof(InvalidSize);
    public const string ParseError = nameof(ParseError);

    // Platform support: what the CN's platform can do
    public const string PlatformNotSupported = nameof(PlatformNotSupported);

    // Policy: the policy file and what safe delegation refuses in a payload
    public const string PolicyFileInvalid = nameof(PolicyFileInvalid);
    public const string PolicyFileNotWritable = nameof(PolicyFileNotWritable);
    public const string SafeDelegationDisabled = nameof(SafeDelegationDisabled);
    public const string OwnerNotAllowed = nameof(OwnerNotAllowed);
    public const string UnsafePrivilegeRequested = nameof(UnsafePrivilegeRequested);
    public const string BrandCannotDelegate = nameof(BrandCannotDelegate);
    public const string InvalidPayload = nameof(InvalidPayload);
    public const string InvalidOverprovisionRatio = nameof(InvalidOverprovisionRatio);

    // Placement: New-SafeZone choosing a CN among several
    public const string NoComputeNodeFits = nameof(NoComputeNodeFits);

    // Zones and datasets: lookup and reprovision
    public const string ZoneNotFound = nameof(ZoneNotFound);
    public const string ZoneAmbiguous = nameof(ZoneAmbiguous);
    public const string DatasetNotFound = nameof(DatasetNotFound);
    public const string ReprovisionNotSupported = nameof(ReprovisionNotSupported);

    // Verification: the CN does not show what a change should have left
    public const string VerificationFailed = nameof(VerificationFailed);
    public const string SafeZoneVerificationFailed = nameof(SafeZoneVerificationFailed);

    // Limits
    public const string InvalidLimitValue = nameof(InvalidLimitValue);

    // Zone snapshots
    public const string SnapshotExists = nameof(SnapshotExists);
    public const string SnapshotNotFound = nameof(SnapshotNotFound);
    public const string SnapshotNameAmbiguous = nameof(SnapshotNameAmbiguous);
    public const string SnapshotLimitReached = nameof(SnapshotLimitReached);
    public const string SnapshotNotSupported = nameof(SnapshotNotSupported);
    public const string DelegatedSnapshotNotOwned = nameof(DelegatedSnapshotNotOwned);
    public const string SnapshotHasClones = nameof(SnapshotHasClones);
    public const string SnapshotRestoreFailed = nameof(SnapshotRestoreFailed);

    // Zone boot environments: names, the zone's state, and what create, activate, remove and protect refuse
    public const string InvalidZoneName = nameof(InvalidZoneName);
    public const string InvalidBootEnvironmentName = nameof(InvalidBootEnvironmentName);
    public const string ZoneHasNoBootEnvironments = nameof(ZoneHasNoBootEnvironments);
    public const string BootEnvironmentNotFound = nameof(BootEnvironmentNotFound);
    public const string BootEnvironmentExists = nameof(BootEnvironmentExists);
    public const string AmbiguousBootEnvironmentContainer = nameof(AmbiguousBootEnvironmentContainer);
    public const string CurrentGlobalBootEnvironmentUnknown = nameof(CurrentGlobalBootEnvironmentUnknown);
    public const string BootEnvironmentNotOfCurrentGlobal = nameof(BootEnvironmentNotOfCurrentGlobal);
    public const string BootEnvironmentOfCurrentGlobal = nameof(BootEnvironmentOfCurrentGlobal);
    public const string BootEnvironmentActive = nameof(BootEnvironmentActive);
    public const string BootEnvironmentNeededByGlobal = nameof(BootEnvironmentNeededByGlobal);
    public const string NoObviousBootEnvironment = nameof(NoObviousBootEnvironment);
    public const string ZoneRunning = nameof(ZoneRunning);
    public const string SnapshotNameCollision = nameof(SnapshotNameCollision);
    public const string SnapshotHeld = nameof(SnapshotHeld);
    public const string CloneOutsideZone = nameof(CloneOutsideZone);
    public const string DestroyOutsideContainer = nameof(DestroyOutsideContainer);
    public const string ZoneDatasetEscapedProtection = nameof(ZoneDatasetEscapedProtection);
    // The change protocol
    public const string ChangeStopped = nameof(ChangeStopped);
}

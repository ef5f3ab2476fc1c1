namespace ZoneDelegation.Core.Errors;

/// <summary>
/// Stable error identifiers. They are part of the public contract: runbooks and Pester suites
/// match on them (<c>Should -Throw -ErrorId 'HostKeyMismatch,*'</c>). Never rename one.
/// </summary>
public static class ErrorIds
{
    // Transport and connections
    public const string HostKeyMismatch = nameof(HostKeyMismatch);
    public const string HostKeyUnknown = nameof(HostKeyUnknown);
    public const string AuthenticationFailed = nameof(AuthenticationFailed);
    public const string ComputeNodeUnreachable = nameof(ComputeNodeUnreachable);
    public const string ConnectionLost = nameof(ConnectionLost);
    public const string NativeCommandFailed = nameof(NativeCommandFailed);
    public const string CommandTimedOut = nameof(CommandTimedOut);
    public const string SshClientNotFound = nameof(SshClientNotFound);
    public const string ComputeNodeNotConnected = nameof(ComputeNodeNotConnected);
    public const string ComputeNodeAmbiguous = nameof(ComputeNodeAmbiguous);
    public const string ComputeNodeAlreadyConnected = nameof(ComputeNodeAlreadyConnected);
    public const string InvalidConnectionParameter = nameof(InvalidConnectionParameter);
    public const string OutputTooLarge = nameof(OutputTooLarge);

    // Names, parsing
    public const string InvalidDatasetName = nameof(InvalidDatasetName);
    public const string InvalidSnapshotName = nameof(InvalidSnapshotName);
    public const string InvalidPropertyName = nameof(InvalidPropertyName);
    public const string InvalidZoneUuid = nameof(InvalidZoneUuid);
    public const string ParseError = nameof(ParseError);
    public const string InvalidPlatformStamp = nameof(InvalidPlatformStamp);

    // Platform, limits, zones
    public const string PlatformNotSupported = nameof(PlatformNotSupported);
    public const string InvalidLimitValue = nameof(InvalidLimitValue);
    public const string InvalidSize = nameof(InvalidSize);
    public const string ZoneNotFound = nameof(ZoneNotFound);
    public const string DatasetNotFound = nameof(DatasetNotFound);
    public const string VerificationFailed = nameof(VerificationFailed);

    // Policy
    public const string PolicyFileInvalid = nameof(PolicyFileInvalid);
    public const string SafeDelegationDisabled = nameof(SafeDelegationDisabled);
    public const string OwnerNotAllowed = nameof(OwnerNotAllowed);
    public const string UnsafePrivilegeRequested = nameof(UnsafePrivilegeRequested);
    public const string BrandCannotDelegate = nameof(BrandCannotDelegate);
    public const string InvalidPayload = nameof(InvalidPayload);
    public const string SafeZoneVerificationFailed = nameof(SafeZoneVerificationFailed);
    public const string PolicyFileNotWritable = nameof(PolicyFileNotWritable);

    // Hardening (issue 8)
    public const string CommandMayStillBeRunning = nameof(CommandMayStillBeRunning);
    public const string HostKeyNotRecorded = nameof(HostKeyNotRecorded);
    // Zone snapshots and reprovision (issue 9)
    public const string SnapshotExists = nameof(SnapshotExists);
    public const string SnapshotNotFound = nameof(SnapshotNotFound);
    public const string SnapshotLimitReached = nameof(SnapshotLimitReached);
    public const string SnapshotNotSupported = nameof(SnapshotNotSupported);
    public const string DelegatedSnapshotNotOwned = nameof(DelegatedSnapshotNotOwned);
    public const string SnapshotHasClones = nameof(SnapshotHasClones);
    public const string SnapshotRestoreFailed = nameof(SnapshotRestoreFailed);
    public const string ReprovisionNotSupported = nameof(ReprovisionNotSupported);
    // Zone boot environments
    public const string InvalidZoneName = nameof(InvalidZoneName);
    public const string InvalidBootEnvironmentName = nameof(InvalidBootEnvironmentName);
    public const string ZoneHasNoBootEnvironments = nameof(ZoneHasNoBootEnvironments);
    public const string BootEnvironmentNotFound = nameof(BootEnvironmentNotFound);
    public const string BootEnvironmentExists = nameof(BootEnvironmentExists);
    public const string CurrentGlobalBootEnvironmentUnknown = nameof(CurrentGlobalBootEnvironmentUnknown);
    public const string BootEnvironmentNotOfCurrentGlobal = nameof(BootEnvironmentNotOfCurrentGlobal);
    public const string BootEnvironmentActive = nameof(BootEnvironmentActive);
    public const string BootEnvironmentNeededByGlobal = nameof(BootEnvironmentNeededByGlobal);
    public const string SnapshotNameCollision = nameof(SnapshotNameCollision);
    public const string SnapshotHeld = nameof(SnapshotHeld);
    public const string CloneOutsideZone = nameof(CloneOutsideZone);
    public const string ZoneRunning = nameof(ZoneRunning);
    public const string NoObviousBootEnvironment = nameof(NoObviousBootEnvironment);
    public const string BootEnvironmentOfCurrentGlobal = nameof(BootEnvironmentOfCurrentGlobal);
    public const string AmbiguousBootEnvironmentContainer = nameof(AmbiguousBootEnvironmentContainer);
    public const string DestroyOutsideContainer = nameof(DestroyOutsideContainer);
    public const string ZoneDatasetEscapedProtection = nameof(ZoneDatasetEscapedProtection);
    // The change protocol
    public const string ChangeStopped = nameof(ChangeStopped);
}

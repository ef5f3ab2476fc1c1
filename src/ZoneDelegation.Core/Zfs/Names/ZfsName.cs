namespace ZoneDelegation.Core.Zfs.Names;

/// <summary>
/// One place for command builders to validate a name before quoting it:
/// <c>new NativeCommand("zfs", "list", "-H", "-p", ZfsName.Dataset(text))</c>. Each method throws the
/// name's ZoneDelegationException (InvalidDatasetName, InvalidSnapshotName, InvalidPropertyName,
/// InvalidZoneUuid) and returns the validated name, which converts to string.
/// </summary>
internal static class ZfsName
{
    public static DatasetName Dataset(string? text) => DatasetName.Parse(text);

    public static SnapshotName Snapshot(string? text) => SnapshotName.Parse(text);

    public static BookmarkName Bookmark(string? text) => BookmarkName.Parse(text);

    public static ZfsPropertyName Property(string? text) => ZfsPropertyName.Parse(text);

    public static ZoneUuid Zone(string? text) => ZoneUuid.Parse(text);

    public static VmSnapshotName VmSnapshot(string? text) => VmSnapshotName.Parse(text);
}

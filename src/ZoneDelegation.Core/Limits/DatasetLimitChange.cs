using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Limits;

/// <summary>
/// What Set-DatasetLimit's parameters ask for, checked once for the whole command: each of the
/// three values is set, cleared, or kept. Setting and clearing the same value, or asking for
/// nothing, is refused before any compute node is contacted.
/// </summary>
internal sealed record DatasetLimitChange
{
    public const string SnapshotLimitName = "SnapshotLimit";
    public const string FilesystemLimitName = "FilesystemLimit";
    public const string QuotaName = "Quota";

    private static readonly HashSet<string> KnownNames = new([SnapshotLimitName, FilesystemLimitName, QuotaName], StringComparer.OrdinalIgnoreCase);

    private DatasetLimitChange(LimitSetting snapshotLimit, LimitSetting filesystemLimit, LimitSetting quota)
    {
        SnapshotLimit = snapshotLimit;
        FilesystemLimit = filesystemLimit;
        Quota = quota;
    }

    public LimitSetting SnapshotLimit { get; }

    public LimitSetting FilesystemLimit { get; }

    public LimitSetting Quota { get; }

    public static DatasetLimitChange Create(ulong? snapshotLimit, ulong? filesystemLimit, ulong? quota, IEnumerable<string>? clear)
    {
        var cleared = (clear ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in cleared)
        {
            if (!KnownNames.Contains(name))
            {
                throw Invalid($"-Clear '{name}' names no limit.", name, "Clear takes SnapshotLimit, FilesystemLimit or Quota.");
            }
        }

        var change = new DatasetLimitChange(
            Setting(SnapshotLimitName, snapshotLimit, cleared),
            Setting(FilesystemLimitName, filesystemLimit, cleared),
            Setting(QuotaName, quota, cleared));
        if (change.SnapshotLimit.IsKeep && change.FilesystemLimit.IsKeep && change.Quota.IsKeep)
        {
            throw Invalid("Nothing to change.", null, "Give -SnapshotLimit, -FilesystemLimit, -Quota or -Clear.");
        }

        return change;
    }

    /// <summary>The request for one zone.</summary>
    public DatasetLimitRequest For(ZoneUuid zone) =>
        new(zone) { SnapshotLimit = SnapshotLimit, FilesystemLimit = FilesystemLimit, Quota = Quota };

    private static LimitSetting Setting(string name, ulong? value, HashSet<string> cleared)
    {
        if (!cleared.Contains(name))
        {
            return value is null ? LimitSetting.Keep : LimitSetting.Set(value.Value);
        }

        if (value is not null)
        {
            throw Invalid($"-{name} is both set and cleared.", name, $"Give -{name} <value> or -Clear {name}, not both.");
        }

        return LimitSetting.Clear;
    }

    private static ZoneDelegationException Invalid(string message, object? target, string hint) =>
        new(ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, message, target, hint);
}

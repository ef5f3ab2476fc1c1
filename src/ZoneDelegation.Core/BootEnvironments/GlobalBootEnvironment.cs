namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// A global BE as <c>beadm list -H</c> shows it: IsCurrent is the one the CN booted (flag N). Uuid is null
/// when the BE has no usable org.opensolaris.libbe:uuid; such a BE is no zone BE's parent.
/// </summary>
public sealed record GlobalBootEnvironment(string Name, string? Uuid, bool IsCurrent, bool IsActiveOnReboot);

/// <summary>The global BEs of a CN and the one it booted.</summary>
public sealed class GlobalBootEnvironments
{
    public GlobalBootEnvironments(IReadOnlyList<GlobalBootEnvironment> all, GlobalBootEnvironment current)
    {
        All = all;
        Current = current;
    }

    public IReadOnlyList<GlobalBootEnvironment> All { get; }

    /// <summary>The booted global BE; <see cref="GlobalBootEnvironmentReader"/> makes sure it has a uuid.</summary>
    public GlobalBootEnvironment Current { get; }

    /// <summary>The booted global BE's uuid, the parentbe of the zone BEs it boots.</summary>
    public string CurrentUuid => Current.Uuid ?? throw new InvalidOperationException($"the booted global BE '{Current.Name}' has no uuid.");

    public bool Exists(string? uuid) => uuid is not null && All.Any(be => string.Equals(be.Uuid, uuid, StringComparison.OrdinalIgnoreCase));

    public GlobalBootEnvironment? ByUuid(string? uuid) =>
        uuid is null ? null : All.FirstOrDefault(be => string.Equals(be.Uuid, uuid, StringComparison.OrdinalIgnoreCase));

    public bool IsCurrent(string? uuid) => uuid is not null && string.Equals(uuid, Current.Uuid, StringComparison.OrdinalIgnoreCase);
}

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>A global BE as <c>beadm list -H</c> shows it: IsCurrent is the one the CN booted (flag N).</summary>
public sealed record GlobalBootEnvironment(string Name, string Uuid, bool IsCurrent, bool IsActiveOnReboot);

/// <summary>The global BEs of a CN and the one it booted.</summary>
public sealed class GlobalBootEnvironments
{
    public GlobalBootEnvironments(IReadOnlyList<GlobalBootEnvironment> all, GlobalBootEnvironment current)
    {
        All = all;
        Current = current;
    }

    public IReadOnlyList<GlobalBootEnvironment> All { get; }

    public GlobalBootEnvironment Current { get; }

    public bool Exists(string? uuid) => uuid is not null && All.Any(be => string.Equals(be.Uuid, uuid, StringComparison.OrdinalIgnoreCase));

    public GlobalBootEnvironment? ByUuid(string? uuid) =>
        uuid is null ? null : All.FirstOrDefault(be => string.Equals(be.Uuid, uuid, StringComparison.OrdinalIgnoreCase));

    public bool IsCurrent(string? uuid) => string.Equals(uuid, Current.Uuid, StringComparison.OrdinalIgnoreCase);
}

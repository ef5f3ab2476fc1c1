using ZoneDelegation.Core.Output;
namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>The boot rule's verdict (libbe be_find_active_zone_root): exactly one active BE of the booted global BE.</summary>
internal enum ZoneBootState
{
    Bootable,
    NoActiveBootEnvironment,
    MultipleActiveBootEnvironments,
}

/// <summary>Whether one zone can boot with the booted global BE, and why not; Test-ZoneBootEnvironment writes it.</summary>
public sealed record ZoneBootStatus
{
    public required string ComputeNode { get; init; }

    public required string Zone { get; init; }

    /// <summary>The zone's state (zoneadm).</summary>
    public required string State { get; init; }

    /// <summary>The <see cref="ZoneBootState"/> by name, so Export-Csv and ConvertTo-Json write it as text.</summary>
    public string Status => BootState.ToString();

    internal ZoneBootState BootState { get; init; }

    public bool Bootable => BootState == ZoneBootState.Bootable;

    /// <summary>The booted global BE the rule was applied for.</summary>
    public required string GlobalBootEnvironment { get; init; }

    public IReadOnlyList<string> ActiveBootEnvironments { get; init => field = ReadableList.Of(value); } = ReadableList<string>.Empty;

    /// <summary>BEs whose parent global BE no longer exists (they can never boot; candidates for removal).</summary>
    public IReadOnlyList<string> OrphanedBootEnvironments { get; init => field = ReadableList.Of(value); } = ReadableList<string>.Empty;

    public required string Message { get; init; }
}

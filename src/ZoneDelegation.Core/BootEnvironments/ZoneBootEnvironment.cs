using ZoneDelegation.Core.Output;
namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>One zone boot environment, as Get-ZoneBootEnvironment writes it.</summary>
public sealed record ZoneBootEnvironment
{
    public required string ComputeNode { get; init; }

    public required string Zone { get; init; }

    public required string Name { get; init; }

    /// <summary><c>&lt;zonepath dataset&gt;/ROOT/&lt;Name&gt;</c> (illumos) or <c>&lt;zonepath dataset&gt;/rpool/ROOT/&lt;Name&gt;</c> (Solaris 11).</summary>
    public required string Dataset { get; init; }

    /// <summary>org.opensolaris.libbe:parentbe: the uuid of the global BE it belongs to.</summary>
    public string? ParentBe { get; init; }

    /// <summary>The name of that global BE, or null when none of the CN's global BEs has that uuid (orphaned).</summary>
    public string? ParentGlobalBe { get; init; }

    public bool BelongsToCurrentGlobalBe { get; init; }

    /// <summary>Its parent global BE no longer exists.</summary>
    public bool Orphaned { get; init; }

    /// <summary>org.opensolaris.libbe:active is exactly "on".</summary>
    public bool Active { get; init; }

    /// <summary>Active and of the booted global BE: the zone boots from it (if it is the only one).</summary>
    public bool ActiveOnBoot { get; init; }

    /// <summary>The snapshot its root was cloned from, or null.</summary>
    public string? Origin { get; init; }

    /// <summary>Datasets cloned from snapshots of this BE (in other BEs or elsewhere).</summary>
    public IReadOnlyList<string> Clones { get; init => field = ReadableList.Of(value); } = ReadableList<string>.Empty;

    public DateTimeOffset? Created { get; init; }

    public ulong? Used { get; init; }

    public ulong? Referenced { get; init; }

    /// <summary>Protect-ZoneBootEnvironment took it out of the zone's reach.</summary>
    public bool Protected { get; init; }

    /// <summary>Set by the cmdlets that change activation: when the change takes effect.</summary>
    public string? Note { get; init; }
}

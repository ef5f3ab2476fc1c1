namespace ZoneDelegation.Core.Placement;

/// <summary>
/// A zone as placement counts it: what <c>vmadm lookup -j</c> says of a zone already on the CN, or a zone this
/// pipeline placed there (<see cref="InPipeline"/>). Sizes as vmadm gives them: max_physical_memory in MiB,
/// quota in GiB (0: none).
/// </summary>
internal sealed record PlacedZone(string Uuid, string? Alias, string? Brand, string? State, long MaxPhysicalMemoryMiB, long QuotaGiB)
{
    /// <summary>True for a zone placed earlier in the same New-SafeZone pipeline (not on the CN yet, or created since it was read).</summary>
    public bool InPipeline { get; init; }

    /// <summary>kvm and bhyve: their memory is never overprovisioned (sdc-designation calculate-server-unreserved.js).</summary>
    public bool IsHardwareVm => IsHardwareVmBrand(Brand);

    /// <summary>DAPI leaves a failed VM's memory out of what is reserved (calculate-server-unreserved.js: vm.state !== 'failed').</summary>
    public bool IsFailed => string.Equals(State, "failed", StringComparison.Ordinal);

    public static bool IsHardwareVmBrand(string? brand) => brand is "kvm" or "bhyve";

    /// <summary>Whether <paramref name="name"/> (a UUID in any case, or an alias exactly) names this zone.</summary>
    public bool IsNamed(string name) =>
        string.Equals(Uuid, name, StringComparison.OrdinalIgnoreCase) || (Alias is not null && string.Equals(Alias, name, StringComparison.Ordinal));

    public override string ToString() => Alias is null ? Uuid : $"{Alias} ({Uuid})";
}

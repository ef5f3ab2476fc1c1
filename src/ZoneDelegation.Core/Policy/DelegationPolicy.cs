using System.Collections.ObjectModel;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// The operator's RFD 44 policy: whether "safe" delegation is on, who may use it (the rollout
/// allow-list), the limits a "safe" zone gets when the caller names none, and the oldest platform that
/// may host one. Immutable; <see cref="Validate"/> says whether it may be saved or used.
/// </summary>
public sealed record DelegationPolicy
{
    public const long DefaultSnapshotLimit = 128;
    public const long DefaultFilesystemLimit = 32;

    private readonly ReadOnlyCollection<Guid> allowedOwners = ReadOnlyCollection<Guid>.Empty;

    /// <summary>
    /// RFD 44's estimate ("Limits on Platform Versions": 20150418T*Z) of the first platform with OS-2329 limits
    /// and OS-3757; vmadm got the limit properties in smartos-live ec96d6ab (2015-04-16, OS-2329 / OS-4196).
    /// </summary>
    public static PlatformStamp DefaultMinimumPlatform { get; } = PlatformStamp.Parse("20150418T000000Z");

    /// <summary>The built-in defaults, used when no policy file exists.</summary>
    public static DelegationPolicy Default { get; } = new();

    /// <summary>The operator's switch. Off: every "safe" request is refused.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Set in the system-wide file: this file then decides, and ZONEDELEGATION_POLICY and the user's
    /// file are ignored (the operator's switch is no longer advisory). A guardrail of the tool, not a
    /// server-side control.
    /// </summary>
    public bool Locked { get; init; }

    /// <summary>Owner UUIDs allowed to request "safe" delegation. Empty: everyone.</summary>
    public IReadOnlyList<Guid> AllowedOwners
    {
        get => allowedOwners;
        // A private copy, so a caller's list changing later cannot change the policy.
        init => allowedOwners = Array.AsReadOnly((value ?? []).ToArray());
    }

    public long SnapshotLimit { get; init; } = DefaultSnapshotLimit;

    public long FilesystemLimit { get; init; } = DefaultFilesystemLimit;

    public PlatformStamp MinimumPlatform { get; init; } = DefaultMinimumPlatform;

    /// <summary>
    /// DAPI's default overprovision ratios (sdc-designation docs/index.md: overprovision_ratio_ram and
    /// overprovision_ratio_disk, both 1.0; lib/algorithms/override-overprovisioning.js DEFAULT_RAM, DEFAULT_DISK).
    /// </summary>
    public const double DefaultOverprovisionRatio = 1.0;

    /// <summary>
    /// How much memory New-SafeZone's placement may promise per MiB of the CN: a zone's max_physical_memory
    /// counts as max_physical_memory / ratio (not for kvm and bhyve), as DAPI's calculate-server-unreserved.js does.
    /// </summary>
    public double MemoryOverprovisionRatio { get; init; } = DefaultOverprovisionRatio;

    /// <summary>How much of the zone pool's free space placement may promise as quota: a quota counts as quota / ratio.</summary>
    public double DiskOverprovisionRatio { get; init; } = DefaultOverprovisionRatio;

    /// <summary>Guid equality: the allow-list is compared without regard to letter case.</summary>
    public bool IsOwnerAllowed(Guid owner) => allowedOwners.Count == 0 || allowedOwners.Contains(owner);

    public PolicyValidation Validate()
    {
        var errors = new List<PolicyProblem>();
        var warnings = new List<DelegationWarning>();
        CheckLimit(nameof(SnapshotLimit), SnapshotLimit, errors);
        CheckLimit(nameof(FilesystemLimit), FilesystemLimit, errors);
        if (string.IsNullOrEmpty(MinimumPlatform.Value))
        {
            errors.Add(new PolicyProblem(nameof(MinimumPlatform), null, ErrorIds.InvalidPlatformStamp,
                "MinimumPlatform is not set; it must be a platform stamp such as 20150418T000000Z."));
        }

        CheckRatio(nameof(MemoryOverprovisionRatio), MemoryOverprovisionRatio, errors);
        CheckRatio(nameof(DiskOverprovisionRatio), DiskOverprovisionRatio, errors);
        if (SnapshotLimit == 0)
        {
            warnings.Add(new DelegationWarning(DelegationWarningCodes.SnapshotLimitZero,
                "SnapshotLimit is 0: safe zones created with the policy default can never take a snapshot."));
        }

        if (FilesystemLimit == 0)
        {
            warnings.Add(new DelegationWarning(DelegationWarningCodes.FilesystemLimitZero,
                "FilesystemLimit is 0: safe zones created with the policy default can never create a filesystem."));
        }

        return new PolicyValidation(errors, warnings);
    }

    /// <summary>Throws the first problem as a ZoneDelegationException; returns the warnings otherwise.</summary>
    public IReadOnlyList<DelegationWarning> EnsureValid()
    {
        var validation = Validate();
        if (validation.IsValid)
        {
            return validation.Warnings;
        }

        var problem = validation.Errors[0];
        throw new ZoneDelegationException(problem.ErrorId, ZoneErrorCategory.InvalidArgument,
            $"The delegation policy is invalid: {string.Join(" ", validation.Errors.Select(e => e.Message))}",
            problem.Value, "Give every limit as a whole number of 0 or more, MinimumPlatform as YYYYMMDDTHHMMSSZ, and each overprovision ratio as a number from 0.1 to 100.");
    }

    public bool Equals(DelegationPolicy? other) =>
        other is not null
        && Enabled == other.Enabled
        && SnapshotLimit == other.SnapshotLimit
        && FilesystemLimit == other.FilesystemLimit
        && MinimumPlatform == other.MinimumPlatform
        && MemoryOverprovisionRatio.Equals(other.MemoryOverprovisionRatio)
        && DiskOverprovisionRatio.Equals(other.DiskOverprovisionRatio)
        && allowedOwners.SequenceEqual(other.allowedOwners);

    public override int GetHashCode() =>
        HashCode.Combine(Enabled, SnapshotLimit, FilesystemLimit, MinimumPlatform, allowedOwners.Count);

    /// <summary>The smallest and largest overprovision ratio a policy may hold (DAPI takes any float; below 0.1 or above 100 is a typo here).</summary>
    public const double MinimumOverprovisionRatio = 0.1;

    public const double MaximumOverprovisionRatio = 100;

    public static bool IsValidRatio(double ratio) =>
        double.IsFinite(ratio) && ratio >= MinimumOverprovisionRatio && ratio <= MaximumOverprovisionRatio;

    private static void CheckRatio(string setting, double value, List<PolicyProblem> errors)
    {
        if (!IsValidRatio(value))
        {
            errors.Add(new PolicyProblem(setting, value, ErrorIds.InvalidOverprovisionRatio,
                $"{setting} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be a number from {MinimumOverprovisionRatio} to {MaximumOverprovisionRatio}."));
        }
    }

    private static void CheckLimit(string setting, long value, List<PolicyProblem> errors)
    {
        if (!ZoneLimitValue.IsValid(value))
        {
            errors.Add(new PolicyProblem(setting, value, ErrorIds.InvalidLimitValue,
                $"{setting} is {value}; it must be a whole number from 0 to {ZoneLimitValue.MaxExact}."));
        }
    }
}

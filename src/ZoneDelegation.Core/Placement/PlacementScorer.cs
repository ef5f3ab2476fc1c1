using System.Globalization;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Placement;

/// <summary>
/// Chooses a CN for one zone, as DAPI (sdc-designation) does with its default configuration, from the CNs' capacities
/// alone (pure: no command runs here). In order:
/// <list type="number">
/// <item>Platform (hard-filter-platform-versions.js, by Test-PlatformSupport's checks): a "safe" request needs every
/// check to pass (stamp at or above the policy's minimum and the probed features); any other request needs vmadm.</item>
/// <item>-Far (soft-filter-locality-hints.js with locality.strict, shared/locality-hints.js filterFar): a CN holding
/// a zone -Far names is never chosen. DAPI's non-strict far is only a wish; here it is a rule, because -Far is
/// for replicas that must not share a CN.</item>
/// <item>Memory (hard-filter-min-ram.js): the zone's max_physical_memory / the policy's memory ratio (kvm and bhyve
/// at full size) must not exceed the CN's unreserved memory (<see cref="ComputeNodeCapacity.UnreservedMemoryMiB"/>).</item>
/// <item>Disk (hard-filter-min-disk.js): a zone with a quota needs quota / the policy's disk ratio of unreserved disk
/// (<see cref="ComputeNodeCapacity.UnreservedDiskBytes"/>); no quota, no check, as DAPI ("Vm and pkg have no quota").
/// DAPI also adds the image's size and 10 GiB of slack (FUDGE_MB): we do not know the image's size without imgadm
/// and leave both out.</item>
/// <item>-Near (soft-filter-locality-hints.js filterNearNonStrict): when some fitting CN holds a zone -Near names,
/// only those remain; when none does, -Near changes nothing.</item>
/// <item>Score (score-unreserved-ram.js weight 2, score-unreserved-disk.js weight 1, score-current-platform.js
/// weight 1, each with scorers.js's linear rule: the best CN of a measure gets the whole weight, the worst 0, the
/// others in between by rank): most unreserved memory, then disk, then the newest platform, i.e. DAPI's default
/// least-used spreading. The highest total wins; a tie goes to more unreserved memory, then the CN's name.
/// Left out: score-uniform-random.js (weight 0.5; a placement must be repeatable under -WhatIf) and
/// score-next-reboot.js (needs CNAPI's next_reboot). Equal values share a rank (DAPI ranks them by input order).</item>
/// </list>
/// Zones placed earlier in the same pipeline are already in each capacity (<see cref="ComputeNodeCapacity.WithPlaced"/>),
/// so a bulk request spreads.
/// </summary>
internal static class PlacementScorer
{
    public const double MemoryWeight = 2;
    public const double DiskWeight = 1;
    public const double PlatformWeight = 1;

    private const long GiB = 1L << 30;

    public static PlacementDecision Place(PlacementRequest request, IReadOnlyList<PlacementCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);
        RequireOneZonePerAlias(request.Far, "-Far", candidates);
        RequireOneZonePerAlias(request.Near, "-Near", candidates);
        var reasons = candidates.ToDictionary(c => c.ComputeNode, _ => new List<string>(), StringComparer.Ordinal);
        var fitting = new List<ComputeNodeCapacity>();
        foreach (var candidate in candidates)
        {
            var why = reasons[candidate.ComputeNode];
            if (candidate.Capacity is not { } capacity)
            {
                why.Add($"could not be read ({candidate.ReadError ?? "no answer"})");
                continue;
            }

            CheckPlatform(request, capacity, why);
            CheckFar(request, capacity, why);
            CheckMemory(request, capacity, why);
            CheckDisk(request, capacity, why);
            if (why.Count == 0)
            {
                fitting.Add(capacity);
            }
        }

        var notes = new List<string>();
        fitting = ApplyNear(request, candidates, fitting, reasons, notes);
        NoteUnknown(request.Far, "-Far", candidates, notes);

        var scores = Score(fitting);
        var chosen = fitting
            .OrderByDescending(c => scores[c.ComputeNode].Total)
            .ThenByDescending(c => c.UnreservedMemoryMiB ?? long.MinValue)
            .ThenBy(c => c.ComputeNode, StringComparer.Ordinal)
            .FirstOrDefault();
        if (chosen is not null)
        {
            var best = scores[chosen.ComputeNode];
            reasons[chosen.ComputeNode].Add(Figures(chosen));
            foreach (var other in fitting.Where(c => !ReferenceEquals(c, chosen)))
            {
                var score = scores[other.ComputeNode];
                reasons[other.ComputeNode].Add(score.Total < best.Total
                    ? $"fits, but its {score} is below {chosen.ComputeNode}'s {best.Total.ToString("0.00", CultureInfo.InvariantCulture)} ({Figures(other)})"
                    : $"fits with an equal {score}; {chosen.ComputeNode} wins the tie (more unreserved memory, then name order) ({Figures(other)})");
            }
        }

        var outcomes = candidates.Select(c => new PlacementOutcome(c.ComputeNode, chosen is not null && c.ComputeNode == chosen.ComputeNode,
            fitting.Any(f => f.ComputeNode == c.ComputeNode), reasons[c.ComputeNode],
            scores.TryGetValue(c.ComputeNode, out var s) ? s : null)).ToList();
        return new PlacementDecision(request, outcomes, notes);
    }

    /// <summary>The memory (MiB) a zone counts for on a CN with this ratio: DAPI divides by the ratio except for kvm and bhyve.</summary>
    public static double CountedMemoryMiB(long memoryMiB, string? brand, double ratio) =>
        PlacedZone.IsHardwareVmBrand(brand) ? memoryMiB : memoryMiB / ratio;

    private static void CheckPlatform(PlacementRequest request, ComputeNodeCapacity capacity, List<string> why)
    {
        var failed = capacity.Platform.Checks.Where(c => !c.Passed && (request.RequiresSafePlatform || c.Name == PlatformCheckNames.VmadmPresent));
        why.AddRange(failed.Select(c => $"platform not supported ({c.Name}: {c.Reason.TrimEnd('.')})"));
    }

    private static void CheckFar(PlacementRequest request, ComputeNodeCapacity capacity, List<string> why)
    {
        foreach (var zone in capacity.Zones.Where(z => request.Far.Any(z.IsNamed)))
        {
            why.Add($"it holds {zone}{(zone.InPipeline ? " (placed earlier in this pipeline)" : string.Empty)}, which -Far names");
        }
    }

    private static void CheckMemory(PlacementRequest request, ComputeNodeCapacity capacity, List<string> why)
    {
        if (capacity.UnreservedMemoryMiB is not { } unreserved)
        {
            why.Add("its sysinfo reports no 'MiB of Memory', so its memory is unknown");
            return;
        }

        var needed = CountedMemoryMiB(request.MemoryMiB, request.Brand, capacity.MemoryOverprovisionRatio);
        if (needed > unreserved)
        {
            why.Add(string.Format(CultureInfo.InvariantCulture,
                "not enough memory: the zone needs {0:0.##} MiB (max_physical_memory {1} MiB / ratio {2}), {3} MiB unreserved " +
                "({4} MiB of memory less {5} MiB of max_physical_memory of {6} zones / ratio {2})",
                needed, request.MemoryMiB, capacity.MemoryOverprovisionRatio, unreserved, capacity.MemoryMiB,
                capacity.ZoneMemoryMiB, capacity.ZoneCount));
        }
    }

    private static void CheckDisk(PlacementRequest request, ComputeNodeCapacity capacity, List<string> why)
    {
        if (request.QuotaGiB <= 0)
        {
            return;
        }

        var needed = (long)Math.Ceiling(request.QuotaGiB * GiB / capacity.DiskOverprovisionRatio);
        if (needed > capacity.UnreservedDiskBytes)
        {
            why.Add(string.Format(CultureInfo.InvariantCulture,
                "not enough disk: the zone needs {0} MiB (quota {1} GiB / ratio {2}), {3} MiB unreserved " +
                "({4} MiB free in pool {5} less {6} MiB of quotas of {7} zones / ratio {2})",
                ComputeNodeCapacity.ToMiB(needed), request.QuotaGiB, capacity.DiskOverprovisionRatio,
                Math.Floor(capacity.UnreservedDiskBytes / (double)(1 << 20)), ComputeNodeCapacity.ToMiB(capacity.PoolAvailableBytes),
                capacity.Zpool, ComputeNodeCapacity.ToMiB(capacity.ZoneQuotaBytes), capacity.ZoneCount));
        }
    }

    private static List<ComputeNodeCapacity> ApplyNear(PlacementRequest request, IReadOnlyList<PlacementCandidate> candidates,
        List<ComputeNodeCapacity> fitting, Dictionary<string, List<string>> reasons, List<string> notes)
    {
        NoteUnknown(request.Near, "-Near", candidates, notes);
        if (request.Near.Count == 0)
        {
            return fitting;
        }

        var near = fitting.Where(c => c.Zones.Any(z => request.Near.Any(z.IsNamed))).ToList();
        if (near.Count == 0)
        {
            if (fitting.Count > 0)
            {
                notes.Add($"No fitting compute node holds a zone -Near names ({string.Join(", ", request.Near)}), so -Near changed nothing.");
            }

            return fitting;
        }

        var holders = string.Join(", ", near.Select(c => c.ComputeNode));
        foreach (var other in fitting.Except(near))
        {
            reasons[other.ComputeNode].Add($"fits, but holds no zone -Near names ({string.Join(", ", request.Near)}), and {holders} does");
        }

        return near;
    }

    /// <summary>
    /// An alias is the tenant's to choose: a tenant that names its zone as the operator's -Near target would pull new
    /// zones onto its CN, and one alias on several CNs would widen -Far. An alias that names more than one zone on the
    /// offered CNs is ZoneAmbiguous, listing them (DAPI's locality hints take UUIDs only); a UUID is always exact.
    /// </summary>
    private static void RequireOneZonePerAlias(IReadOnlyList<string> names, string parameter, IReadOnlyList<PlacementCandidate> candidates)
    {
        foreach (var name in names.Where(name => !Guid.TryParse(name, out _)))
        {
            var named = candidates
                .SelectMany(c => (c.Capacity?.Zones ?? []).Where(z => !z.InPipeline && z.IsNamed(name)).Select(z => $"{z.Uuid} on {c.ComputeNode}"))
                .ToList();
            if (named.Count > 1)
            {
                throw new ZoneDelegationException(ErrorIds.ZoneAmbiguous, ZoneErrorCategory.InvalidArgument,
                    $"The alias '{name}' that {parameter} names is carried by {named.Count} zones: {string.Join(", ", named)}.", name,
                    $"Give {parameter} the zone's UUID (Get-SafeZone -Alias '{name}' lists them).");
            }
        }
    }

    private static void NoteUnknown(IReadOnlyList<string> names, string parameter, IReadOnlyList<PlacementCandidate> candidates, List<string> notes)
    {
        var unknown = names.Where(name => !candidates.Any(c => c.Capacity?.Zones.Any(z => z.IsNamed(name)) == true)).ToList();
        if (unknown.Count > 0)
        {
            notes.Add($"No compute node offered holds {string.Join(", ", unknown)}, which {parameter} names.");
        }
    }

    private static Dictionary<string, PlacementScore> Score(IReadOnlyList<ComputeNodeCapacity> fitting)
    {
        var memory = Linear(fitting, c => c.UnreservedMemoryMiB ?? 0, MemoryWeight);
        var disk = Linear(fitting, c => c.UnreservedDiskBytes, DiskWeight);
        var platform = Linear(fitting, c => c.Stamp?.Timestamp.ToUnixTimeSeconds() ?? long.MinValue, PlatformWeight);
        return fitting.ToDictionary(c => c.ComputeNode, c => new PlacementScore(memory[c.ComputeNode], disk[c.ComputeNode], platform[c.ComputeNode]),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// sdc-designation lib/scorers.js linear: sorted best first, position i of n scores (n - 1 - i) / (n - 1) × weight,
    /// a single CN the whole weight. Here a CN's position is the number of CNs strictly better, so equal values score equally.
    /// </summary>
    private static Dictionary<string, double> Linear(IReadOnlyList<ComputeNodeCapacity> fitting, Func<ComputeNodeCapacity, long> measure, double weight)
    {
        var n = fitting.Count;
        return fitting.ToDictionary(c => c.ComputeNode, c =>
        {
            if (n == 1)
            {
                return weight;
            }

            var value = measure(c);
            var position = fitting.Count(other => measure(other) > value);
            return (n - 1 - position) / (double)(n - 1) * weight;
        }, StringComparer.Ordinal);
    }

    private static string Figures(ComputeNodeCapacity capacity) => string.Format(CultureInfo.InvariantCulture,
        "{0} MiB of memory unreserved, {1} MiB of disk unreserved, Live Image {2}{3}",
        capacity.UnreservedMemoryMiB, Math.Floor(capacity.UnreservedDiskBytes / (double)(1 << 20)), capacity.LiveImage ?? "unknown",
        capacity.PlacedInPipeline switch
        {
            0 => string.Empty,
            1 => ", 1 zone placed here earlier in this pipeline",
            var placed => $", {placed} zones placed here earlier in this pipeline",
        });
}

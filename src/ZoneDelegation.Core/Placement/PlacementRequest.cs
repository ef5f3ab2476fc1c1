using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Placement;

/// <summary>
/// What placement asks of a CN for one zone: memory and quota as vmadm takes them (MiB, GiB), whether the
/// platform must support safe delegation, and the locality hints (DAPI's locality.far / locality.near).
/// </summary>
internal sealed record PlacementRequest
{
    /// <summary>vmadm's max_physical_memory default for OS zones (vmadm(8): "default: 256 for OS VMs").</summary>
    public const long DefaultMemoryMiB = 256;

    /// <summary>The zone's name in messages: its alias, its uuid, or "the zone".</summary>
    public string Zone { get; init; } = "the zone";

    public string? Brand { get; init; }

    public long MemoryMiB { get; init; } = DefaultMemoryMiB;

    /// <summary>vmadm's quota when the payload has none (smartos-live VM.js applyZoneDefaults: DEFAULT_QUOTA 10 GiB; bhyve DEFAULT_BHYVE_QUOTA 1 GiB).</summary>
    public const long DefaultQuotaGiB = 10;

    public const long DefaultBhyveQuotaGiB = 1;

    /// <summary>GiB; 0 (quota 0: none) skips the disk filter, as DAPI's hard-filter-min-disk.js does ("Vm and pkg have no quota").</summary>
    public long QuotaGiB { get; init; }

    /// <summary>A "safe" request needs every Test-PlatformSupport check; any other needs vmadm only.</summary>
    public bool RequiresSafePlatform { get; init; }

    /// <summary>Zones (UUID or alias) whose CN must not be chosen.</summary>
    public IReadOnlyList<string> Far { get; init; } = [];

    /// <summary>Zones (UUID or alias) whose CN is preferred.</summary>
    public IReadOnlyList<string> Near { get; init; } = [];

    /// <summary>From the payload New-SafeZone sends (after the policy's translation).</summary>
    public static PlacementRequest FromPayload(JsonObject payload, bool requiresSafePlatform, IReadOnlyList<string>? far = null, IReadOnlyList<string>? near = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var alias = Text(payload, "alias");
        var uuid = Text(payload, VmadmProperties.Uuid);
        var brand = Text(payload, VmadmProperties.Brand);
        var memory = Whole(payload, "max_physical_memory")
                     ?? (PlacedZone.IsHardwareVmBrand(brand) && Whole(payload, "ram") is { } ram ? ram + 1024 : DefaultMemoryMiB);
        return new PlacementRequest
        {
            Zone = alias ?? uuid ?? "the zone",
            Brand = brand,
            MemoryMiB = memory,
            QuotaGiB = Whole(payload, "quota") ?? (brand == "bhyve" ? DefaultBhyveQuotaGiB : DefaultQuotaGiB),
            RequiresSafePlatform = requiresSafePlatform,
            Far = far ?? [],
            Near = near ?? [],
        };
    }

    private static string? Text(JsonObject payload, string key) =>
        payload[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static long? Whole(JsonObject payload, string key) =>
        // Read from the JSON text: a value the caller built (JsonValue.Create(2048)) holds an int, one parsed holds a JsonElement.
        payload[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
}

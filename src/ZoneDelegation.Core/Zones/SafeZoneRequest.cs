using System.Text.Json.Nodes;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// New-SafeZone's parameters as a vmadm create payload. Named fields are merged into the free-form
/// payload (which carries everything else); a field given both ways with different values is refused,
/// never silently overridden. Without a delegate_dataset of its own the request asks for "safe".
/// </summary>
internal sealed record SafeZoneRequest
{
    public string? Alias { get; init; }

    public string? Brand { get; init; }

    public Guid? ImageUuid { get; init; }

    public Guid? OwnerUuid { get; init; }

    public Guid? Uuid { get; init; }

    /// <summary>Bytes (whole MiB, at least 1 MiB); vmadm's max_physical_memory is in MiB.</summary>
    public long? MaxPhysicalMemory { get; init; }

    /// <summary>Bytes (whole GiB); vmadm's quota is in GiB.</summary>
    public long? Quota { get; init; }

    public long? SnapshotLimit { get; init; }

    public long? FilesystemLimit { get; init; }

    public string? LimitPriv { get; init; }

    public JsonObject? Payload { get; init; }

    public JsonObject ToPayload()
    {
        var payload = Payload is null ? [] : (JsonObject)Payload.DeepClone();
        Merge(payload, "alias", Alias is null ? null : JsonValue.Create(Alias));
        Merge(payload, "brand", Brand is null ? null : JsonValue.Create(Brand));
        Merge(payload, "image_uuid", ImageUuid is null ? null : JsonValue.Create(ImageUuid.Value.ToString()));
        Merge(payload, VmadmProperties.OwnerUuid, OwnerUuid is null ? null : JsonValue.Create(OwnerUuid.Value.ToString()));
        Merge(payload, "uuid", Uuid is null ? null : JsonValue.Create(Uuid.Value.ToString()));
        Merge(payload, "max_physical_memory", MaxPhysicalMemory is null ? null
            : JsonValue.Create(ByteSize.ToWholeUnits(MaxPhysicalMemory.Value, ByteSize.Mebibyte, nameof(MaxPhysicalMemory), minimumUnits: 1)));
        Merge(payload, "quota", Quota is null ? null
            : JsonValue.Create(ByteSize.ToWholeUnits(Quota.Value, ByteSize.Gibibyte, nameof(Quota))));
        Merge(payload, VmadmProperties.SnapshotLimit, SnapshotLimit is null ? null : JsonValue.Create(SnapshotLimit.Value));
        Merge(payload, VmadmProperties.FilesystemLimit, FilesystemLimit is null ? null : JsonValue.Create(FilesystemLimit.Value));
        Merge(payload, VmadmProperties.LimitPriv, LimitPriv is null ? null : JsonValue.Create(LimitPriv));
        if (!payload.ContainsKey(VmadmProperties.DelegateDataset))
        {
            payload[VmadmProperties.DelegateDataset] = "safe";
        }

        return payload;
    }

    private static void Merge(JsonObject payload, string key, JsonNode? value)
    {
        if (value is null)
        {
            return;
        }

        if (payload.TryGetPropertyValue(key, out var existing) && existing is not null
            && !JsonNode.DeepEquals(existing, value) && existing.ToJsonString() != value.ToJsonString().Replace("\"", string.Empty))
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
                $"'{key}' is given twice with different values: {existing.ToJsonString()} in -Payload and {value.ToJsonString()} as a parameter.",
                key, "Give each property once: as a parameter or in -Payload.");
        }

        payload[key] = value;
    }
}

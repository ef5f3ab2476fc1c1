using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// The delegation-relevant configuration of an existing zone, as read back from the CN (vmadm get, or
/// the zfs properties of the zone root). Null limits mean "not set".
/// </summary>
internal sealed record ZoneDelegationConfig
{
    public string? Uuid { get; init; }

    public string? Brand { get; init; }

    /// <summary>vmadm's owner_uuid as written; null when the VM names none (vmadm's default owner).</summary>
    public string? OwnerUuid { get; init; }

    /// <summary>vmadm's <c>datasets</c>: the delegated datasets, e.g. <c>zones/&lt;uuid&gt;/data</c>.</summary>
    public IReadOnlyList<string> Datasets { get; init; } = [];

    /// <summary>delegate_dataset when the source has it (a payload, CloudAPI); vmadm get has only datasets.</summary>
    public bool? DelegateDataset { get; init; }

    /// <summary>Null: vmadm's default for OS zones, <c>default</c>.</summary>
    public string? LimitPriv { get; init; }

    public long? SnapshotLimit { get; init; }

    public long? FilesystemLimit { get; init; }

    /// <summary>Delegated when vmadm lists a dataset, or the source says delegate_dataset true.</summary>
    public bool IsDelegated => Datasets.Count > 0 || DelegateDataset == true;

    /// <summary>
    /// Reads a <c>vmadm get</c> object (or a <c>vmadm lookup -j</c> element). Throws ParseError when a
    /// property this record needs has the wrong type.
    /// </summary>
    public static ZoneDelegationConfig FromVmadmObject(JsonObject vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        if (!global::ZoneDelegation.Core.Policy.LimitPriv.TryAnalyze(vm[VmadmProperties.LimitPriv], out var limitPriv))
        {
            throw VmObjectFields.Malformed(vm, VmadmProperties.LimitPriv);
        }

        return new ZoneDelegationConfig
        {
            Uuid = VmObjectFields.ReadString(vm, VmadmProperties.Uuid),
            Brand = VmObjectFields.ReadString(vm, VmadmProperties.Brand),
            OwnerUuid = VmObjectFields.ReadString(vm, VmadmProperties.OwnerUuid),
            Datasets = ReadDatasets(vm),
            DelegateDataset = ReadBoolean(vm, VmadmProperties.DelegateDataset),
            LimitPriv = vm[VmadmProperties.LimitPriv] is null ? null : limitPriv.Text,
            SnapshotLimit = ReadLimit(vm, VmadmProperties.SnapshotLimit),
            FilesystemLimit = ReadLimit(vm, VmadmProperties.FilesystemLimit),
        };
    }

    private static bool? ReadBoolean(JsonObject vm, string property) => vm[property]?.GetValueKind() switch
    {
        null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw VmObjectFields.Malformed(vm, property),
    };

    private static long? ReadLimit(JsonObject vm, string property)
    {
        var node = vm[property];
        if (node is null)
        {
            return null;
        }

        return ZoneLimitValue.TryRead(node, out var value) ? value : throw VmObjectFields.Malformed(vm, property);
    }

    private static string[] ReadDatasets(JsonObject vm)
    {
        switch (vm[VmadmProperties.Datasets])
        {
            case null:
                return [];
            case JsonArray array when array.All(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String):
                return array.Select(item => item!.GetValue<string>()).ToArray();
            default:
                throw VmObjectFields.Malformed(vm, VmadmProperties.Datasets);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// Reading the fields of a vmadm VM object (get, or a lookup element), which come from a CN and are not
/// trusted: missing and null are "not set"; a value of the wrong type is a ParseError that names the zone
/// (only by a uuid that is one: the text of a hostile object never reaches a message as it is).
/// </summary>
internal static class VmObjectFields
{
    private const int MaxShownValueLength = 80;

    /// <summary>A string field; ParseError when it is there but not a string.</summary>
    public static string? ReadString(JsonObject vm, string property) => vm[property] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw Malformed(vm, property),
    };

    /// <summary>A string field, or null when it is missing or not a string (for naming, never for deciding).</summary>
    public static string? TryReadString(JsonObject vm, string property) =>
        vm[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The VM's uuid when it is a valid zone UUID, else null.</summary>
    public static string? ZoneUuidOrNull(JsonObject vm) =>
        ZoneUuid.TryParse(TryReadString(vm, VmadmProperties.Uuid), out var uuid) ? uuid.Value : null;

    /// <summary>The ParseError of a field vmadm never writes that way: TargetObject is the zone's UUID (the field's name when it has none).</summary>
    public static ZoneDelegationException Malformed(JsonObject vm, string property)
    {
        var zone = ZoneUuidOrNull(vm);
        var shown = TerminalText.Clean(vm[property]?.ToJsonString() ?? "null");
        if (shown.Length > MaxShownValueLength)
        {
            shown = shown[..MaxShownValueLength] + "...";
        }

        return new ZoneDelegationException(ErrorIds.ParseError, ZoneErrorCategory.ParserError,
            $"The VM object of zone {zone ?? "(no valid uuid)"} has {property} {shown}, which is not what vmadm writes there.",
            zone ?? property,
            "Check the zone with vmadm get on the CN; this module reads the types vmadm(8) documents for each property.");
    }
}

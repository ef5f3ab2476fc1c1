namespace ZoneDelegation.Core.Policy;

/// <summary>Owner UUIDs as vmadm writes them: the hyphenated 8-4-4-4-12 form, any letter case.</summary>
internal static class OwnerUuid
{
    /// <summary>vmadm's owner_uuid when a payload gives none (vmadm(8), owner_uuid: "default: 00000000-...").</summary>
    public static Guid VmadmDefault => Guid.Empty;

    /// <summary>Only the canonical hyphenated form: braces, parentheses or bare hex are not vmadm UUIDs.</summary>
    public static bool TryParse(string? text, out Guid owner) =>
        Guid.TryParseExact(text, "D", out owner);
}

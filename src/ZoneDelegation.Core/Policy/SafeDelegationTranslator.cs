using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// Applies the delegation policy to a vmadm create payload: a pure function from (payload, policy) to a
/// <see cref="DelegationDecision"/> or a refusal. RFD 44's virtual <c>delegate_dataset: "safe"</c> becomes
/// <c>delegate_dataset: true</c>, a limit_priv without sys_fs_import, and snapshot/filesystem limits
/// (the policy's when the caller gave none). The caller's object is never changed.
/// </summary>
internal static class SafeDelegationTranslator
{
    public static DelegationDecision Translate(JsonObject payload, DelegationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(policy);

        var mode = ReadMode(payload);
        switch (mode)
        {
            case DelegationMode.None:
                return new DelegationDecision(mode, (JsonObject)payload.DeepClone(), [], []);
            case DelegationMode.Plain:
                RequireBrand(payload, ZoneBrands.Delegation, "delegate a dataset");
                return new DelegationDecision(mode, (JsonObject)payload.DeepClone(), [],
                [
                    new DelegationWarning(DelegationWarningCodes.DelegationNotSafe,
                        "delegate_dataset is true, not \"safe\": the zone gets no snapshot or filesystem limits and may zfs receive. Use \"safe\" for RFD 44 delegation; the audit will flag this zone."),
                ]);
            default:
                return TranslateSafe(payload, policy);
        }
    }

    private static DelegationDecision TranslateSafe(JsonObject payload, DelegationPolicy policy)
    {
        policy.EnsureValid();
        if (!policy.Enabled)
        {
            throw new ZoneDelegationException(ErrorIds.SafeDelegationDisabled, ZoneErrorCategory.NotEnabled,
                "Safe delegation is disabled by the delegation policy.", VmadmProperties.SafeValue,
                "An operator can enable it with Set-DelegationPolicy -Enabled $true.");
        }

        RequireBrand(payload, ZoneBrands.SafeDelegation, "use \"safe\" delegation");
        RequireAllowedOwner(payload, policy);

        var result = (JsonObject)payload.DeepClone();
        var changes = new List<PayloadChange>();
        var warnings = new List<DelegationWarning>();

        result[VmadmProperties.DelegateDataset] = true;
        changes.Add(new PayloadChange(VmadmProperties.DelegateDataset, Json(payload[VmadmProperties.DelegateDataset]),
            "true", "vmadm knows only a boolean; \"safe\" is this module's RFD 44 translation."));

        ApplyLimitPriv(payload, result, changes, warnings);
        ApplyLimit(payload, result, VmadmProperties.SnapshotLimit, policy.SnapshotLimit, changes, warnings,
            DelegationWarningCodes.SnapshotLimitZero, "the zone can never take a snapshot");
        ApplyLimit(payload, result, VmadmProperties.FilesystemLimit, policy.FilesystemLimit, changes, warnings,
            DelegationWarningCodes.FilesystemLimitZero, "the zone can never create a filesystem");

        return new DelegationDecision(DelegationMode.Safe, result, changes, warnings);
    }

    private static DelegationMode ReadMode(JsonObject payload)
    {
        if (!payload.TryGetPropertyValue(VmadmProperties.DelegateDataset, out var node))
        {
            return DelegationMode.None;
        }

        switch (node?.GetValueKind())
        {
            case JsonValueKind.False:
                return DelegationMode.None;
            case JsonValueKind.True:
                return DelegationMode.Plain;
            case JsonValueKind.String when string.Equals(node.GetValue<string>(), VmadmProperties.SafeValue, StringComparison.OrdinalIgnoreCase):
                return DelegationMode.Safe;
            default:
                throw InvalidPayload(
                    $"delegate_dataset is {Json(node) ?? "null"}; it must be true, false or \"safe\".", Json(node),
                    "Give delegate_dataset as the boolean true or false, or the string \"safe\" for RFD 44 delegation.");
        }
    }

    private static void RequireBrand(JsonObject payload, IReadOnlySet<string> allowed, string what)
    {
        var node = payload[VmadmProperties.Brand];
        if (node is null)
        {
            throw InvalidPayload("The payload has no brand; vmadm requires one, and delegation depends on it.",
                VmadmProperties.Brand, $"Add \"brand\": one of {string.Join(", ", allowed)}.");
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw InvalidPayload($"brand is {Json(node)}; it must be a string.", Json(node),
                $"Give brand as a string: one of {string.Join(", ", allowed)}.");
        }

        var brand = node.GetValue<string>();
        if (allowed.Contains(brand))
        {
            return;
        }

        var hint = ZoneBrands.Delegation.Contains(brand)
            ? $"Brand {brand} may only use a plain delegate_dataset: true (not safe); safe delegation is for {string.Join(", ", allowed)}."
            : $"Only the OS brands {string.Join(", ", allowed)} may {what}; {brand} zones have no zone dataset to delegate.";
        throw new ZoneDelegationException(ErrorIds.BrandCannotDelegate, ZoneErrorCategory.InvalidArgument,
            $"Brand '{brand}' cannot {what}.", brand, hint);
    }

    private static void RequireAllowedOwner(JsonObject payload, DelegationPolicy policy)
    {
        var owner = OwnerUuid.VmadmDefault;
        if (payload.TryGetPropertyValue(VmadmProperties.OwnerUuid, out var node))
        {
            if (node?.GetValueKind() != JsonValueKind.String || !OwnerUuid.TryParse(node.GetValue<string>(), out owner))
            {
                throw InvalidPayload($"owner_uuid is {Json(node) ?? "null"}, which is not a UUID.", Json(node),
                    "Give owner_uuid as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, or leave it out for vmadm's default owner.");
            }
        }

        if (!policy.IsOwnerAllowed(owner))
        {
            throw new ZoneDelegationException(ErrorIds.OwnerNotAllowed, ZoneErrorCategory.PermissionDenied,
                $"Owner {owner:D} is not on the delegation policy's allow-list.", owner.ToString("D"),
                node is null
                    ? "The payload gives no owner_uuid, so the owner is vmadm's default 00000000-0000-0000-0000-000000000000. Give an allowed owner_uuid, or ask an operator to add the owner with Set-DelegationPolicy -AllowedOwners."
                    : "Ask an operator to add the owner with Set-DelegationPolicy -AllowedOwners.");
        }
    }

    private static void ApplyLimitPriv(JsonObject payload, JsonObject result, List<PayloadChange> changes,
        List<DelegationWarning> warnings)
    {
        var given = payload.TryGetPropertyValue(VmadmProperties.LimitPriv, out var node);
        if (given && (node is null || !LimitPriv.TryAnalyze(node, out _)))
        {
            throw InvalidPayload($"limit_priv is {Json(node) ?? "null"}; it must be a comma-separated string or an array of strings.",
                Json(node), $"Give limit_priv as a string such as \"{LimitPriv.Canonical}\", or leave it out.");
        }

        LimitPriv.TryAnalyze(node, out var analysis);
        if (given && analysis.IsImplicitDefault)
        {
            throw InvalidPayload("limit_priv is empty.", Json(node),
                $"Leave limit_priv out for vmadm's default, or give a list such as \"{LimitPriv.Canonical}\".");
        }

        if (analysis.UnsafeGrant is not null)
        {
            throw new ZoneDelegationException(ErrorIds.UnsafePrivilegeRequested, ZoneErrorCategory.SecurityError,
                $"limit_priv '{analysis.Text}' grants sys_fs_import ('{analysis.UnsafeGrant}'), which lets the zone zfs receive untrusted streams; safe delegation removes it.",
                analysis.Text,
                $"Remove '{analysis.UnsafeGrant}' from limit_priv (for example \"{LimitPriv.Canonical}\"), or use a plain delegate_dataset: true, which is not safe.");
        }

        if (!analysis.HasBaseSet)
        {
            warnings.Add(new DelegationWarning(DelegationWarningCodes.LimitPrivWithoutBaseSet,
                $"limit_priv '{analysis.Text}' names no base set (default, basic, zone); the zone's limit set holds only what the list adds. Prefer \"{LimitPriv.Canonical}\"."));
        }

        if (analysis.RemovesSysFsImportLast)
        {
            return;
        }

        var updated = LimitPriv.WithSysFsImportRemoved(analysis);
        result[VmadmProperties.LimitPriv] = updated;
        changes.Add(new PayloadChange(VmadmProperties.LimitPriv, given ? Json(node) : null, Json(JsonValue.Create(updated))!,
            given
                ? "sys_fs_import removed from the zone's limit set, so zfs receive is blocked (RFD 44)."
                : "vmadm's default list, with sys_fs_import removed so zfs receive is blocked (RFD 44)."));
    }

    private static void ApplyLimit(JsonObject payload, JsonObject result, string property, long policyValue,
        List<PayloadChange> changes, List<DelegationWarning> warnings, string zeroCode, string zeroMeaning)
    {
        long value;
        if (payload.TryGetPropertyValue(property, out var node))
        {
            if (!ZoneLimitValue.TryRead(node, out value))
            {
                throw new ZoneDelegationException(ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument,
                    $"{property} is {Json(node) ?? "null"}; it must be a whole number from 0 to {ZoneLimitValue.MaxExact}.",
                    Json(node) ?? "null",
                    $"Give {property} as a JSON number such as {policyValue} (not a string, not null), or leave it out for the policy's {policyValue}.");
            }
        }
        else
        {
            value = policyValue;
            result[property] = policyValue;
            changes.Add(new PayloadChange(property, null, Json(JsonValue.Create(policyValue))!,
                "the caller gave none; the delegation policy's default applies."));
        }

        if (value == 0)
        {
            warnings.Add(new DelegationWarning(zeroCode, $"{property} is 0: {zeroMeaning}."));
        }
    }

    private static ZoneDelegationException InvalidPayload(string message, object? target, string hint) =>
        new(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, message, target, hint);

    private static string? Json(JsonNode? node) => node?.ToJsonString();
}

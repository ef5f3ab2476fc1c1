using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// A payload as it may be shown (-Verbose, -WhatIf): metadata maps and password-like keys are
/// replaced, because customer_metadata and internal_metadata routinely carry credentials.
/// </summary>
internal static class PayloadRedaction
{
    public const string Redacted = "(redacted)";

    public static JsonObject ForDisplay(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var copy = new JsonObject();
        foreach (var (key, value) in payload)
        {
            copy[key] = IsSensitive(key) ? JsonValue.Create(Redacted) : value?.DeepClone();
        }

        return copy;
    }

    private static bool IsSensitive(string key) =>
        key.EndsWith("_metadata", StringComparison.OrdinalIgnoreCase)
        || key.Contains("password", StringComparison.OrdinalIgnoreCase)
        || key.Contains("_pw", StringComparison.OrdinalIgnoreCase)
        || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || key.Contains("token", StringComparison.OrdinalIgnoreCase);
}

using System.Text;
using System.Text.Json;
using ZoneDelegation.Core.Platform;

namespace ZoneDelegation.Core.Policy;

/// <summary>
/// The policy file format: one JSON object with camelCase keys, every key optional (a missing key keeps
/// its built-in default):
/// <code>
/// {
///   "enabled": true,
///   "allowedOwners": ["930896af-bf8c-48d4-885c-6573a94b1853"],
///   "snapshotLimit": 128,
///   "filesystemLimit": 32,
///   "minimumPlatform": "20150418T000000Z",
///   "memoryOverprovisionRatio": 1.0,
///   "diskOverprovisionRatio": 1.0
/// }
/// </code>
/// Keys are matched exactly. An unknown key, a duplicate key, a null or a value of the wrong type is an
/// error, never ignored: a typo must not silently turn into a default.
/// </summary>
internal static class DelegationPolicyJson
{
    public const string EnabledKey = "enabled";
    public const string AllowedOwnersKey = "allowedOwners";
    public const string SnapshotLimitKey = "snapshotLimit";
    public const string FilesystemLimitKey = "filesystemLimit";
    public const string MinimumPlatformKey = "minimumPlatform";
    public const string MemoryOverprovisionRatioKey = "memoryOverprovisionRatio";
    public const string DiskOverprovisionRatioKey = "diskOverprovisionRatio";

    /// <summary>Only meaningful in the system-wide file: true locks the policy (the env var and user file are then ignored).</summary>
    public const string LockedKey = "locked";

    public static IReadOnlyList<string> Keys { get; } =
        [EnabledKey, AllowedOwnersKey, SnapshotLimitKey, FilesystemLimitKey, MinimumPlatformKey, MemoryOverprovisionRatioKey,
         DiskOverprovisionRatioKey, LockedKey];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static string Serialize(DelegationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean(EnabledKey, policy.Enabled);
            writer.WriteStartArray(AllowedOwnersKey);
            foreach (var owner in policy.AllowedOwners)
            {
                writer.WriteStringValue(owner.ToString("D"));
            }

            writer.WriteEndArray();
            writer.WriteNumber(SnapshotLimitKey, policy.SnapshotLimit);
            writer.WriteNumber(FilesystemLimitKey, policy.FilesystemLimit);
            writer.WriteString(MinimumPlatformKey, policy.MinimumPlatform.Value);
            writer.WriteNumber(MemoryOverprovisionRatioKey, policy.MemoryOverprovisionRatio);
            writer.WriteNumber(DiskOverprovisionRatioKey, policy.DiskOverprovisionRatio);
            if (policy.Locked)
            {
                writer.WriteBoolean(LockedKey, true);
            }
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// Parses a policy document. Throws <see cref="FormatException"/> saying what is wrong (the store
    /// turns it into PolicyFileInvalid with the path). Does not validate ranges: see
    /// <see cref="DelegationPolicy.Validate"/>.
    /// </summary>
    public static DelegationPolicy Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new FormatException(
                $"it is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"the top level must be a JSON object, not {Describe(root.ValueKind)}.");
            }

            var policy = DelegationPolicy.Default;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new FormatException($"the key '{property.Name}' appears twice.");
                }

                var value = property.Value;
                policy = property.Name switch
                {
                    EnabledKey => policy with { Enabled = ReadBoolean(property.Name, value) },
                    AllowedOwnersKey => policy with { AllowedOwners = ReadOwners(value) },
                    SnapshotLimitKey => policy with { SnapshotLimit = ReadLimit(property.Name, value) },
                    FilesystemLimitKey => policy with { FilesystemLimit = ReadLimit(property.Name, value) },
                    MinimumPlatformKey => policy with { MinimumPlatform = ReadStamp(value) },
                    MemoryOverprovisionRatioKey => policy with { MemoryOverprovisionRatio = ReadRatio(property.Name, value) },
                    DiskOverprovisionRatioKey => policy with { DiskOverprovisionRatio = ReadRatio(property.Name, value) },
                    LockedKey => policy with { Locked = ReadBoolean(property.Name, value) },
                    _ => throw new FormatException(
                        $"the key '{property.Name}' is unknown; the keys are {string.Join(", ", Keys)} (exact case)."),
                };
            }

            return policy;
        }
    }

    private static bool ReadBoolean(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"'{key}' must be true or false, not {Describe(value.ValueKind)}."),
    };

    private static long ReadLimit(string key, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var limit) || limit < 0)
        {
            throw new FormatException(
                $"'{key}' must be a whole number of 0 or more, not {Describe(value.ValueKind)} {value.GetRawText()}.");
        }

        return limit;
    }

    private static double ReadRatio(string key, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var ratio) || !double.IsFinite(ratio) || ratio <= 0)
        {
            throw new FormatException($"'{key}' must be a number above 0, not {Describe(value.ValueKind)} {value.GetRawText()}.");
        }

        return ratio;
    }

    private static PlatformStamp ReadStamp(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || !PlatformStamp.TryParse(value.GetString(), out var stamp))
        {
            throw new FormatException(
                $"'{MinimumPlatformKey}' must be a platform stamp string YYYYMMDDTHHMMSSZ, not {value.GetRawText()}.");
        }

        return stamp;
    }

    private static List<Guid> ReadOwners(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"'{AllowedOwnersKey}' must be an array of UUID strings, not {Describe(value.ValueKind)}.");
        }

        var owners = new List<Guid>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !OwnerUuid.TryParse(item.GetString(), out var owner))
            {
                throw new FormatException(
                    $"'{AllowedOwnersKey}'[{index}] is {item.GetRawText()}, which is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
            }

            owners.Add(owner);
            index++;
        }

        return owners;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}

using System.Text.Json;

namespace ZoneDelegation.Core.Zones;

internal static class IndentedJson
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// JSON parsed with duplicate keys refused: System.Text.Json keeps them in a document and JsonObject
/// then fails with an ArgumentException at first use, far from the input (an UnexpectedError). Here a
/// duplicate is a FormatException naming the key, which callers turn into their own ErrorId.
/// </summary>
internal static class StrictJson
{
    /// <exception cref="JsonException">Not valid JSON.</exception>
    /// <exception cref="FormatException">A key appears twice in one object.</exception>
    public static JsonNode? Parse(string text)
    {
        using (var document = JsonDocument.Parse(text))
        {
            RefuseDuplicates(document.RootElement);
        }

        return JsonNode.Parse(text);
    }

    private static void RefuseDuplicates(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        throw new FormatException($"the key '{property.Name}' appears twice in one object.");
                    }

                    RefuseDuplicates(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    RefuseDuplicates(item);
                }

                break;
        }
    }
}

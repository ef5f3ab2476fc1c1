using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// Turns what a user gives as a vmadm payload (a hashtable, JSON text, or the path of a JSON file)
/// into a JsonObject. The caller passes <c>unwrap</c> to peel host wrappers (PowerShell's PSObject)
/// so Core stays free of PowerShell types.
/// </summary>
internal static class JsonPayload
{
    public static JsonObject From(object? input, Func<object, object>? unwrap = null, Func<string, bool>? fileExists = null)
    {
        unwrap ??= static o => o;
        fileExists ??= File.Exists;
        var value = input is null ? null : unwrap(input);
        switch (value)
        {
            case null:
                return [];
            case JsonObject json:
                return (JsonObject)json.DeepClone();
            case string text when text.TrimStart().StartsWith('{'):
                return ParseText(text, "the -Payload text");
            case string path when fileExists(path):
                return ParseText(File.ReadAllText(path), path);
            case string other:
                throw Invalid(other, "Give a hashtable, JSON object text, or the path of an existing JSON file.");
            case IDictionary dictionary:
                return (JsonObject)ToNode(dictionary, unwrap)!;
            default:
                throw Invalid(value.GetType().Name, "Give a hashtable, JSON object text, or the path of an existing JSON file.");
        }
    }

    private static JsonObject ParseText(string text, string origin)
    {
        try
        {
            return StrictJson.Parse(text) as JsonObject ?? throw Invalid(origin, "The payload must be a JSON object ({ ... }).");
        }
        catch (FormatException error)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
                $"The payload in {origin} is not valid: {error.Message}", origin, "Give each key once.");
        }
        catch (JsonException error)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument,
                $"The payload in {origin} is not valid JSON: {error.Message}", origin, "Check the JSON, e.g. with ConvertFrom-Json.");
        }
    }

    private static JsonNode? ToNode(object? value, Func<object, object> unwrap)
    {
        value = value is null ? null : unwrap(value);
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.DeepClone();
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case char c:
                return JsonValue.Create(c.ToString());
            case Guid g:
                return JsonValue.Create(g.ToString());
            case byte or sbyte or short or ushort or int or uint or long or ulong:
                return JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
            case float or double or decimal:
                return JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
            case IDictionary dictionary:
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key is null ? string.Empty : unwrap(entry.Key).ToString() ?? string.Empty;
                    obj[key] = ToNode(entry.Value, unwrap);
                }

                return obj;
            case IEnumerable sequence:
                var array = new JsonArray();
                foreach (var item in sequence)
                {
                    array.Add(ToNode(item, unwrap));
                }

                return array;
            default:
                return JsonValue.Create(value.ToString());
        }
    }

    private static ZoneDelegationException Invalid(object target, string hint) =>
        new(ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, $"'{target}' is not a vmadm payload.", target, hint);
}

using System.Globalization;
using System.Text.Json;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Platform;

/// <summary>
/// Parses <c>sysinfo</c> (JSON) and <c>sysinfo -p</c> (Key='value' lines) into <see cref="SysInfo"/>.
/// Tolerant of what the shell script really prints (numbers as strings, missing keys, blank values,
/// trailing commas), strict about what is not sysinfo at all: an empty stream, non-JSON, a document
/// cut short, or a JSON value that is not an object is a ParseError with the line number.
/// </summary>
internal static class SysInfoParser
{
    public const string Source = "sysinfo";

    /// <summary>sysinfo is a few kilobytes; anything this large is not sysinfo.</summary>
    private const int MaxLength = 4 * 1024 * 1024;

    public static SysInfo ParseJson(TextReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = ReadBounded(output);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ParseException(Source, 0, "no output; expected a JSON object.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(HandBuiltJson.Repair(text), new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw new ParseException(Source, line, $"not valid JSON, or cut short ({e.Message}).", LineAt(text, line), e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ParseException(Source, 1, $"expected a JSON object but found {document.RootElement.ValueKind}.");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var bootParameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("Boot Parameters") && property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var parameter in property.Value.EnumerateObject())
                    {
                        if (ScalarText(parameter.Value) is { } value)
                        {
                            bootParameters[parameter.Name] = value;
                        }
                    }
                }
                else if (ScalarText(property.Value) is { } value)
                {
                    values[property.Name.Replace(' ', '_')] = value;
                }
            }

            return Build(values, bootParameters);
        }
    }

    /// <summary><c>sysinfo -p</c>: one <c>Key='value'</c> or <c>Key=value</c> per line; Bootparam_x lines are boot parameters.</summary>
    public static SysInfo ParseParsable(TextReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var reader = new OutputLineReader(output, Source + " -p");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var bootParameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine())
        {
            var line = reader.Line;
            var equals = line.IndexOf('=');
            if (equals <= 0 || !IsKey(line[..equals]))
            {
                throw reader.Error("expected Key='value' with a key of letters, digits and '_'.");
            }

            var key = line[..equals].ToString();
            var value = line[(equals + 1)..];
            if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
            {
                value = value[1..^1];
            }

            if (key.StartsWith("Bootparam_", StringComparison.Ordinal))
            {
                bootParameters[key["Bootparam_".Length..]] = value.ToString();
            }
            else
            {
                values[key] = value.ToString();
            }
        }

        if (reader.LineNumber == 0)
        {
            throw reader.StreamError("no output; expected Key='value' lines.");
        }

        return Build(values, bootParameters);
    }

    private static SysInfo Build(Dictionary<string, string> values, Dictionary<string, string> bootParameters)
    {
        string? Text(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

        var liveImage = Text("Live_Image");
        var sdcVersion = Text("SDC_Version");
        return new SysInfo
        {
            LiveImageText = liveImage,
            LiveImage = PlatformStamp.TryParse(liveImage, out var stamp) ? stamp : null,
            SdcVersion = sdcVersion ?? SysInfo.DefaultSdcVersion,
            SdcVersionDefaulted = sdcVersion is null,
            Uuid = Text("UUID"),
            Hostname = Text("Hostname"),
            SystemType = Text("System_Type"),
            Zpool = Text("Zpool") ?? SysInfo.DefaultZpool,
            BootTime = long.TryParse(Text("Boot_Time"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
                       seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null,
            MemoryMiB = ulong.TryParse(Text("MiB_of_Memory"), NumberStyles.None, CultureInfo.InvariantCulture, out var mib) ? mib : null,
            Setup = bool.TryParse(Text("Setup"), out var setup) ? setup : null,
            VmCapable = bool.TryParse(Text("VM_Capable"), out var vmCapable) ? vmCapable : null,
            BootParameters = bootParameters,
            Values = values,
        };
    }

    /// <summary>Strings as they are; numbers and booleans as their JSON text; null, objects and arrays skipped.</summary>
    private static string? ScalarText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static bool IsKey(ReadOnlySpan<char> key)
    {
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string ReadBounded(TextReader output)
    {
        var buffer = new char[8192];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = output.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxLength)
            {
                throw new ParseException(Source, 0, $"the output is longer than {MaxLength} characters; sysinfo is a few kilobytes.");
            }
        }

        return text.ToString();
    }

    private static string? LineAt(string text, long lineNumber)
    {
        var lines = text.Split('\n');
        return lineNumber >= 1 && lineNumber <= lines.Length ? lines[lineNumber - 1] : null;
    }
}

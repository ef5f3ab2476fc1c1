using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Vmadm;

/// <summary>
/// Reads vmadm's JSON: <c>vmadm get</c> (one object) and <c>vmadm lookup -j</c> (an array of objects).
/// The array is streamed: each top-level element is cut out of the text as it arrives and parsed on its
/// own, so a CN with thousands of zones is never held whole. Anything that is not what vmadm prints is
/// a ParseError naming the line.
/// </summary>
internal static class VmadmJsonParser
{
    public const string GetSource = "vmadm get";
    public const string LookupSource = "vmadm lookup -j";

    /// <summary>A VM object larger than this is not vmadm output (real ones are a few KiB).</summary>
    public const int MaxElementLength = 16 << 20;

    /// <summary>Parses one VM object (vmadm get prints a few KiB, so it is read whole).</summary>
    public static JsonObject ParseObject(TextReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = output.ReadToEnd();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ParseException(GetSource, 0, "no output; expected one JSON object.");
        }

        return ParseElement(text, GetSource, 1);
    }

    /// <summary>Streams the objects of a JSON array, one per element; the first element that is not a VM object ends it (ParseError).</summary>
    public static IEnumerable<JsonObject> ParseArray(TextReader output) =>
        ParseArrayElements(output).Select(element => element.Vm ?? throw element.Error!);

    /// <summary>
    /// Streams the elements of a JSON array in the order vmadm printed them, each either its VM object
    /// or the ParseError of that element alone (duplicate keys, a value JSON does not allow, not an
    /// object), so that one bad zone does not hide the rest of the CN. Only an array whose structure
    /// is broken (unbalanced, cut short) ends the stream: then no element boundary can be trusted.
    /// </summary>
    public static IEnumerable<VmadmElement> ParseArrayElements(TextReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return IterateArray(output);
    }

    private static IEnumerable<VmadmElement> IterateArray(TextReader output)
    {
        var scanner = new Scanner(output);
        if (scanner.SkipWhitespace() != '[')
        {
            throw scanner.Error(scanner.Current < 0 ? "no output; expected a JSON array." : $"expected '[', found {Describe(scanner.Current)}.");
        }

        scanner.Advance();
        var element = new StringBuilder();
        var first = true;
        while (true)
        {
            var c = scanner.SkipWhitespace();
            if (c == ']' && first)
            {
                scanner.Advance();
                break;
            }

            if (c < 0)
            {
                throw scanner.Error("the array is not closed (output cut short?).");
            }

            var startLine = scanner.Line;
            element.Clear();
            var terminator = scanner.CopyElement(element);
            yield return ReadElement(element.ToString(), startLine);
            first = false;
            if (terminator == ']')
            {
                break;
            }
        }

        if (scanner.SkipWhitespace() >= 0)
        {
            throw scanner.Error($"unexpected {Describe(scanner.Current)} after the array.");
        }
    }

    private static VmadmElement ReadElement(string text, long line)
    {
        try
        {
            return new VmadmElement(ParseElement(text, LookupSource, line), null, null);
        }
        catch (ParseException error)
        {
            var zone = VmadmElement.FindUuid(text);
            var named = zone is null ? error : new ParseException(LookupSource, error.LineNumber, $"zone {zone}: {error.Problem}", zone, error);
            return new VmadmElement(null, named, zone);
        }
    }

    private static JsonObject ParseElement(string text, string source, long line)
    {
        JsonNode? node;
        try
        {
            node = StrictJson.Parse(text);
        }
        catch (JsonException error)
        {
            throw new ParseException(source, line + (error.LineNumber ?? 0), "invalid JSON: " + error.Message, text, error);
        }
        catch (FormatException error)
        {
            throw new ParseException(source, line, "invalid JSON: " + error.Message, text, error);
        }

        return node as JsonObject
            ?? throw new ParseException(source, line, $"expected a JSON object, found {node?.GetValueKind().ToString() ?? "null"}.", text);
    }

    private static string Describe(int c) => c < 0 ? "the end of the output" : $"'{(char)c}'";

    /// <summary>Character reader that knows its line and where strings begin and end.</summary>
    private sealed class Scanner(TextReader reader)
    {
        public int Current { get; private set; } = -2;

        public long Line { get; private set; } = 1;

        public int Peek()
        {
            if (Current == -2)
            {
                Current = reader.Read();
            }

            return Current;
        }

        public void Advance()
        {
            if (Peek() == '\n')
            {
                Line++;
            }

            Current = -2;
        }

        public int SkipWhitespace()
        {
            while (Peek() is ' ' or '\t' or '\r' or '\n')
            {
                Advance();
            }

            return Peek();
        }

        /// <summary>Copies one element up to the ',' or ']' at depth 0 (consumed, returned).</summary>
        public int CopyElement(StringBuilder element)
        {
            var depth = 0;
            var inString = false;
            var escaped = false;
            while (true)
            {
                var c = Peek();
                if (c < 0)
                {
                    throw Error("the array is not closed (output cut short?).");
                }

                if (!inString && depth == 0 && c is ',' or ']')
                {
                    Advance();
                    return c;
                }

                if (element.Length >= MaxElementLength)
                {
                    throw Error($"an element is longer than {MaxElementLength} characters.");
                }

                element.Append((char)c);
                Advance();
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (c == '\\')
                    {
                        escaped = true;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                        inString = true;
                        break;
                    case '{' or '[':
                        depth++;
                        break;
                    case '}' or ']':
                        depth--;
                        if (depth < 0)
                        {
                            throw Error($"unbalanced '{(char)c}'.");
                        }

                        break;
                }
            }
        }

        public ParseException Error(string problem) => new(LookupSource, Line, problem);
    }
}

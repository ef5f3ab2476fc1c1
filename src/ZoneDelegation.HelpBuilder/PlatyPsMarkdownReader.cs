using System.Text;

namespace ZoneDelegation.HelpBuilder;

/// <summary>
/// Reads a cmdlet help file in PlatyPS schema 2.0.0 (front matter, then the H2 sections SYNOPSIS,
/// SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES, RELATED LINKS in that order).
/// Anything that breaks the schema is a <see cref="HelpFormatException"/> naming the file and line,
/// so a malformed page fails the build instead of producing empty help.
/// </summary>
public static partial class PlatyPsMarkdownReader
{
    private static readonly string[] RequiredSections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    /// <summary>True when the file is a cmdlet page (its front matter names the external help file).</summary>
    public static bool IsCommandPage(string text) =>
        text.StartsWith("---", StringComparison.Ordinal) && ReadFrontMatter(text, "<text>").ContainsKey("external help file");

    public static CommandHelp Read(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static CommandHelp Parse(string text, string fileName)
    {
        var frontMatter = ReadFrontMatter(text, fileName);
        if (!frontMatter.TryGetValue("schema", out var schema) || schema != "2.0.0")
        {
            throw new HelpFormatException(fileName, 1, "front matter must say 'schema: 2.0.0'.");
        }

        var lines = text.Replace("\r\n", "\n").Split('\n');
        var titleIndex = Array.FindIndex(lines, l => l.StartsWith("# ", StringComparison.Ordinal));
        if (titleIndex < 0)
        {
            throw new HelpFormatException(fileName, 1, "no '# <Verb-Noun>' title.");
        }

        var help = new CommandHelp { Name = lines[titleIndex][2..].Trim(), SourceFile = fileName };
        var sections = SplitSections(lines, titleIndex + 1, fileName);
        var order = sections.Select(s => s.Title).ToList();
        var expected = RequiredSections.Where(order.Contains).ToList();
        foreach (var required in RequiredSections)
        {
            if (!order.Contains(required))
            {
                throw new HelpFormatException(fileName, titleIndex + 1, $"missing section '## {required}'.");
            }
        }

        if (!order.Where(RequiredSections.Contains).SequenceEqual(expected))
        {
            throw new HelpFormatException(fileName, titleIndex + 1, "sections are out of the schema's order.");
        }

        foreach (var section in sections)
        {
            switch (section.Title)
            {
                case "SYNOPSIS":
                    help.Synopsis = JoinText(section.Body);
                    break;
                case "DESCRIPTION":
                    help.Description = JoinText(section.Body);
                    break;
                case "NOTES":
                    help.Notes = JoinText(section.Body);
                    break;
                case "SYNTAX":
                    ReadSyntax(section, help, fileName);
                    break;
                case "EXAMPLES":
                    ReadExamples(section, help, fileName);
                    break;
                case "PARAMETERS":
                    ReadParameters(section, help, fileName);
                    break;
                case "INPUTS":
                    help.Inputs.AddRange(ReadTypes(section));
                    break;
                case "OUTPUTS":
                    help.Outputs.AddRange(ReadTypes(section));
                    break;
                case "RELATED LINKS":
                    help.RelatedLinks.AddRange(ReadLinks(section));
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(help.Synopsis))
        {
            throw new HelpFormatException(fileName, titleIndex + 1, "SYNOPSIS is empty.");
        }

        return help;
    }

    public static Dictionary<string, string> ReadFrontMatter(string text, string fileName)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new HelpFormatException(fileName, 1, "missing front matter ('---' block).");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---")
            {
                return result;
            }

            var colon = lines[i].IndexOf(':');
            if (colon > 0)
            {
                result[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
            }
        }

        throw new HelpFormatException(fileName, 1, "front matter is not closed with '---'.");
    }

    private sealed record Section(string Title, int Line, List<(int Line, string Text)> Body);

    private static List<Section> SplitSections(string[] lines, int start, string fileName)
    {
        var sections = new List<Section>();
        var inFence = false;
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add(new Section(line[3..].Trim(), i + 1, []));
                continue;
            }

            if (sections.Count == 0)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    throw new HelpFormatException(fileName, i + 1, "text before the first '##' section.");
                }

                continue;
            }

            sections[^1].Body.Add((i + 1, line));
        }

        if (inFence)
        {
            throw new HelpFormatException(fileName, lines.Length, "a code fence is not closed.");
        }

        return sections;
    }

    /// <summary>Splits a section body at its H3 headings.</summary>
    private static List<(string Heading, int Line, List<(int Line, string Text)> Body)> SplitSubsections(Section section)
    {
        var result = new List<(string, int, List<(int, string)>)>();
        var inFence = false;
        foreach (var (line, text) in section.Body)
        {
            if (text.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (!inFence && text.StartsWith("### ", StringComparison.Ordinal))
            {
                result.Add((text[4..].Trim(), line, []));
            }
            else if (result.Count > 0)
            {
                result[^1].Item3.Add((line, text));
            }
        }

        return result;
    }

    private static void ReadSyntax(Section section, CommandHelp help, string fileName)
    {
        foreach (var (heading, line, body) in SplitSubsections(section))
        {
            var isDefault = heading.EndsWith("(Default)", StringComparison.Ordinal);
            var name = isDefault ? heading[..^"(Default)".Length].Trim() : heading;
            var (code, _) = SplitFence(body, fileName, line, required: true);
            help.Syntax.Add(new SyntaxBlock(name, isDefault, code));
        }

        if (help.Syntax.Count == 0)
        {
            throw new HelpFormatException(fileName, section.Line, "SYNTAX has no '### <ParameterSet>' block.");
        }
    }

    private static void ReadExamples(Section section, CommandHelp help, string fileName)
    {
        foreach (var (heading, line, body) in SplitSubsections(section))
        {
            var (code, rest) = SplitFence(body, fileName, line, required: true);
            help.Examples.Add(new ExampleHelp(heading, code, JoinText(rest)));
        }

        if (help.Examples.Count == 0)
        {
            throw new HelpFormatException(fileName, section.Line, "EXAMPLES has no '### Example' block.");
        }
    }

    private static void ReadParameters(Section section, CommandHelp help, string fileName)
    {
        foreach (var (heading, line, body) in SplitSubsections(section))
        {
            if (heading == "CommonParameters")
            {
                continue;
            }

            if (!heading.StartsWith('-'))
            {
                throw new HelpFormatException(fileName, line, $"parameter heading '{heading}' must be '### -Name'.");
            }

            var (yaml, description) = SplitFence(body, fileName, line, required: true, descriptionFirst: true);
            var parameter = new ParameterHelp { Name = heading[1..], Description = JoinText(description) };
            ApplyYaml(parameter, yaml, fileName, line);
            help.Parameters.Add(parameter);
        }
    }

    private static void ApplyYaml(ParameterHelp parameter, string yaml, string fileName, int line)
    {
        foreach (var entry in yaml.Split('\n'))
        {
            var colon = entry.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = entry[..colon].Trim();
            var value = entry[(colon + 1)..].Trim();
            switch (key)
            {
                case "Type": parameter.Type = value; break;
                case "Parameter Sets": parameter.ParameterSets.AddRange(SplitList(value)); break;
                case "Aliases": parameter.Aliases.AddRange(SplitList(value)); break;
                case "Accepted values": parameter.AcceptedValues.AddRange(SplitList(value)); break;
                case "Required": parameter.Required = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
                case "Position": parameter.Position = value; break;
                case "Default value": parameter.DefaultValue = value; break;
                case "Accept pipeline input": parameter.PipelineInput = value; break;
                case "Accept wildcard characters": parameter.AcceptsWildcards = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
            }
        }

        if (string.IsNullOrEmpty(parameter.Type) || parameter.ParameterSets.Count == 0)
        {
            throw new HelpFormatException(fileName, line, $"parameter -{parameter.Name} needs 'Type' and 'Parameter Sets' in its yaml block.");
        }
    }

    private static IEnumerable<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(v => !v.Equals("None", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<TypeHelp> ReadTypes(Section section) =>
        SplitSubsections(section).Select(s => new TypeHelp(s.Heading, JoinText(s.Body)));

    private static IEnumerable<RelatedLink> ReadLinks(Section section)
    {
        foreach (var (_, text) in section.Body)
        {
            var trimmed = text.Trim().TrimStart('-', '*').Trim();
            var close = trimmed.IndexOf("](", StringComparison.Ordinal);
            if (trimmed.StartsWith('[') && close > 0 && trimmed.EndsWith(')'))
            {
                yield return new RelatedLink(trimmed[1..close], trimmed[(close + 2)..^1]);
            }
        }
    }

    /// <summary>The first fenced block of a body, and the text around it.</summary>
    private static (string Code, List<(int Line, string Text)> Remainder) SplitFence(
        List<(int Line, string Text)> body, string fileName, int headingLine, bool required, bool descriptionFirst = false)
    {
        var open = body.FindIndex(b => b.Text.StartsWith("```", StringComparison.Ordinal));
        if (open < 0)
        {
            if (required)
            {
                throw new HelpFormatException(fileName, headingLine, "expected a fenced code block under this heading.");
            }

            return (string.Empty, body);
        }

        var close = body.FindIndex(open + 1, b => b.Text.StartsWith("```", StringComparison.Ordinal));
        var code = string.Join('\n', body.Skip(open + 1).Take(close - open - 1).Select(b => b.Text));
        var rest = descriptionFirst ? body.Take(open).ToList() : body.Take(open).Concat(body.Skip(close + 1)).ToList();
        return (code, rest);
    }

    /// <summary>
    /// Paragraph text: blank lines separate paragraphs, and the lines of one paragraph are joined with a space, so
    /// PowerShell wraps it at the console's width (the source is wrapped at about 100 columns; kept as it is, every
    /// line would come out as a long and a short line at 80). A list item (<c>- </c>, <c>* </c>, <c>1. </c>), a table
    /// row (<c>|</c>) and everything inside a fenced code block keep their own line; a list item's continuation lines
    /// join the item.
    /// </summary>
    internal static string JoinText(IEnumerable<(int Line, string Text)> body)
    {
        var lines = new List<string>();
        var fenced = false;
        var joinable = false;
        foreach (var (_, raw) in body)
        {
            var text = raw.TrimEnd();
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                lines.Add(text);
                joinable = false;
                continue;
            }

            if (fenced || text.Length == 0 || text.StartsWith("    ", StringComparison.Ordinal) || text.StartsWith('\t'))
            {
                lines.Add(text);
                joinable = false;
                continue;
            }

            var trimmed = text.TrimStart();
            var ownLine = trimmed.StartsWith('|') || ListItem().IsMatch(trimmed);
            if (joinable && !ownLine)
            {
                lines[^1] += " " + trimmed;
                continue;
            }

            lines.Add(text);
            joinable = !trimmed.StartsWith('|');
        }

        return string.Join('\n', lines).Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^([-*+]|\d+[.)])\s")]
    private static partial System.Text.RegularExpressions.Regex ListItem();
}

namespace ZoneDelegation.HelpBuilder;

/// <summary>Turns docs/about_*.md into the plain-text about_*.help.txt that Get-Help about_X reads.</summary>
public static class AboutTopicWriter
{
    public static string Convert(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var start = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            start = Array.FindIndex(lines, 1, l => l.Trim() == "---") + 1;
        }

        var output = new List<string>();
        foreach (var line in lines.Skip(start))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            output.Add(line.StartsWith('#') ? line.TrimStart('#').Trim().ToUpperInvariant() : line);
        }

        return string.Join(Environment.NewLine, output).Trim() + Environment.NewLine;
    }
}

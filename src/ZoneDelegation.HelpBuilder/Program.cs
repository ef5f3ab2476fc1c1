using ZoneDelegation.HelpBuilder;

// Usage: HelpBuilder --docs <dir> --manifest <psd1> --version <x.y.z> --out <module dir>
//   Writes <out>/ZoneDelegation.psd1 (stamped), <out>/en-US/ZoneDelegation.dll-Help.xml and about topics.
// Usage: HelpBuilder scaffold <ZoneDelegation.dll> <docs dir>
//   Regenerates SYNTAX and parameter yaml of docs/<Verb-Noun>.md from the compiled cmdlets, keeping the prose.
if (args.Length == 3 && args[0] == "scaffold")
{
    return DocsScaffolder.Run(args[1], args[2]);
}

var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

foreach (var required in new[] { "docs", "manifest", "version", "out" })
{
    if (!options.ContainsKey(required))
    {
        Console.Error.WriteLine($"HelpBuilder: missing --{required}. Usage: --docs DIR --manifest PSD1 --version X.Y.Z --out DIR");
        return 2;
    }
}

try
{
    var outDir = options["out"];
    var helpDir = Path.Combine(outDir, "en-US");
    Directory.CreateDirectory(helpDir);

    var manifest = ManifestStamper.Stamp(File.ReadAllText(options["manifest"]), options["version"]);
    File.WriteAllText(Path.Combine(outDir, Path.GetFileName(options["manifest"])), manifest);

    var commands = new List<CommandHelp>();
    foreach (var file in Directory.EnumerateFiles(options["docs"], "*.md").Order(StringComparer.Ordinal))
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var text = File.ReadAllText(file);
        if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(Path.Combine(helpDir, name + ".help.txt"), AboutTopicWriter.Convert(text));
        }
        else if (PlatyPsMarkdownReader.IsCommandPage(text))
        {
            commands.Add(PlatyPsMarkdownReader.Parse(text, Path.GetFileName(file)));
        }
    }

    MamlWriter.Write(commands, Path.Combine(helpDir, "ZoneDelegation.dll-Help.xml"));
    Console.WriteLine($"HelpBuilder: {commands.Count} cmdlet help pages -> {helpDir}");
    return 0;
}
catch (Exception error) when (error is HelpFormatException or InvalidOperationException or IOException)
{
    // MSBuild recognises "file(line): error" and fails the build with it.
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}

using System.Text.RegularExpressions;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Module.Tests;

/// <summary>
/// Core's folders are one-way layers: a file may use its own layer and the layers below it, never one above.
/// A strict order also rules out cycles, since every cycle has an edge that goes up. The dependencies are read
/// from the sources: the usings, every <c>ZoneDelegation.Core.X</c> and every <c>X.Type</c> written out.
/// </summary>
public sealed partial class CoreLayerTests
{
    /// <summary>The allowed order, bottom to top: the one place it is written.</summary>
    private static readonly string[] Layers =
    [
        "Errors",
        "Output",
        "Transport",
        "Execution",
        "Connections",
        "Zfs",
        "Planning",
        "Platform",
        "Vmadm",
        "Limits",
        "Policy",
        "Placement",
        "Zones",
        "Snapshots",
        "Reprovision",
        "BootEnvironments",
        "Compliance",
    ];

    private static string CoreSources => Path.Combine(RepositoryPaths.Root, "src", "ZoneDelegation.Core");

    [Fact]
    public void Every_file_is_in_the_namespace_of_its_folder_and_every_folder_is_a_layer()
    {
        var problems = new List<string>();
        foreach (var file in SourceFiles())
        {
            var expected = "ZoneDelegation.Core." + file.Folder.Replace('/', '.');
            if (file.Namespace != expected)
            {
                problems.Add($"{file.Path}: namespace {file.Namespace}, folder wants {expected}");
            }

            if (!Layers.Contains(file.Layer))
            {
                problems.Add($"{file.Path}: {file.Layer} is not in the layer list");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Core_layers_depend_only_downward()
    {
        var files = SourceFiles().ToList();
        var typesByLayer = files
            .GroupBy(f => f.Layer)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => f.DeclaredNames).ToHashSet());
        var upward = new List<string>();
        foreach (var file in files)
        {
            foreach (var used in UsedLayers(file, typesByLayer).Where(l => l != file.Layer))
            {
                var rank = Array.IndexOf(Layers, used);
                if (rank < 0 || rank > Array.IndexOf(Layers, file.Layer))
                {
                    upward.Add($"{file.Path}: {file.Layer} -> {used} goes up the layers");
                }
            }
        }

        Assert.True(upward.Count == 0,
            string.Join(Environment.NewLine, upward) + Environment.NewLine + "Allowed, bottom to top: " + string.Join(" < ", Layers));
    }

    [Fact]
    public void Core_does_not_use_PowerShell()
    {
        var core = typeof(ComputeNodeConnection).Assembly;
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation");
        var mentions = SourceFiles().Where(f => f.Code.Contains("System.Management.Automation", StringComparison.Ordinal));
        Assert.Empty(mentions.Select(f => f.Path));
    }

    private static IEnumerable<string> UsedLayers(SourceFile file, IReadOnlyDictionary<string, HashSet<string>> typesByLayer)
    {
        foreach (Match match in QualifiedCoreName().Matches(file.Code))
        {
            yield return match.Groups["layer"].Value;
        }

        // From inside ZoneDelegation.Core, "Zones.ZoneRecord" names a type without a using.
        foreach (Match match in PartlyQualifiedName().Matches(file.Code))
        {
            var layer = match.Groups["layer"].Value;
            if (typesByLayer.TryGetValue(layer, out var names) && names.Contains(match.Groups["name"].Value))
            {
                yield return layer;
            }
        }
    }

    private static IEnumerable<SourceFile> SourceFiles()
    {
        foreach (var path in Directory.EnumerateFiles(CoreSources, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(CoreSources, path).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var code = Comment().Replace(File.ReadAllText(path), string.Empty);
            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/');
            var ns = NamespaceDeclaration().Match(code).Groups["name"].Value;
            var declared = TypeDeclaration().Matches(code).Select(m => m.Groups["name"].Value);
            var subNamespaces = ns.Split('.').Skip(3);
            yield return new SourceFile("src/ZoneDelegation.Core/" + relative, folder, ns, code, [.. declared, .. subNamespaces]);
        }
    }

    private sealed record SourceFile(string Path, string Folder, string Namespace, string Code, IReadOnlyList<string> DeclaredNames)
    {
        public string Layer => Folder.Split('/')[0];
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface|delegate\s+[\w<>?,\[\] ]+?)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bZoneDelegation\.Core\.(?<layer>\w+)")]
    private static partial Regex QualifiedCoreName();

    [GeneratedRegex(@"(?<![\w.])(?<layer>[A-Z]\w*)\.(?<name>[A-Z]\w*)")]
    private static partial Regex PartlyQualifiedName();
}

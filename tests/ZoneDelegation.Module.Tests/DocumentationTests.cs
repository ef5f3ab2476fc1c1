using System.Xml.Linq;
using ZoneDelegation.HelpBuilder;

namespace ZoneDelegation.Module.Tests;

/// <summary>Every cmdlet has a PlatyPS 2.0.0 page whose parameters are the cmdlet's, and it reaches the MAML.</summary>
public sealed class DocumentationTests
{
    private static readonly HashSet<string> ShouldProcessParameters = ["WhatIf", "Confirm"];

    [Theory]
    [MemberData(nameof(CmdletCatalog.Names), MemberType = typeof(CmdletCatalog))]
    public void Has_a_page_in_schema_2_0_0(string name)
    {
        var path = Path.Combine(RepositoryPaths.Docs, name + ".md");
        Assert.True(File.Exists(path), $"docs/{name}.md is missing.");
        Assert.DoesNotContain(DocsScaffolder.Placeholder, File.ReadAllText(path));
        var help = PlatyPsMarkdownReader.Read(path);
        Assert.Equal(name, help.Name);
        Assert.False(string.IsNullOrWhiteSpace(help.Synopsis));
        Assert.False(string.IsNullOrWhiteSpace(help.Description));
        Assert.True(help.Examples.Count >= 2, $"{name} needs at least two examples.");
        Assert.All(help.Examples, e => Assert.Contains(name, e.Code));
        Assert.NotEmpty(help.Outputs);
        var frontMatter = PlatyPsMarkdownReader.ReadFrontMatter(File.ReadAllText(path), path);
        Assert.Equal("ZoneDelegation.dll-Help.xml", frontMatter["external help file"]);
        Assert.Equal("ZoneDelegation", frontMatter["Module Name"]);
    }

    [Theory]
    [MemberData(nameof(CmdletCatalog.Names), MemberType = typeof(CmdletCatalog))]
    public void Documents_exactly_the_cmdlet_parameters(string name)
    {
        var cmdlet = CmdletCatalog.Get(name);
        var help = PlatyPsMarkdownReader.Read(Path.Combine(RepositoryPaths.Docs, name + ".md"));

        var expected = cmdlet.Parameters.Select(p => p.Name)
            .Concat(cmdlet.SupportsShouldProcess ? ShouldProcessParameters : [])
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, help.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal).ToList());

        foreach (var parameter in cmdlet.Parameters)
        {
            var documented = help.Parameters.Single(p => p.Name == parameter.Name);
            Assert.True(parameter.Sets.Any(s => s.Mandatory) == documented.Required,
                $"{name} -{parameter.Name}: Required is {documented.Required} in the docs.");
            Assert.True(parameter.ByValue == documented.PipelineInput.Contains("ByValue"),
                $"{name} -{parameter.Name}: pipeline input ByValue differs from the docs ('{documented.PipelineInput}').");
            Assert.True(parameter.ByPropertyName == documented.PipelineInput.Contains("ByPropertyName"),
                $"{name} -{parameter.Name}: pipeline input ByPropertyName differs from the docs ('{documented.PipelineInput}').");
            Assert.False(string.IsNullOrWhiteSpace(documented.Description), $"{name} -{parameter.Name} has no description.");
            foreach (var alias in parameter.Aliases)
            {
                Assert.Contains(alias, documented.Aliases);
            }
        }

        var sets = cmdlet.Parameters.SelectMany(p => p.Sets.Select(s => s.Name)).Where(s => s != "__AllParameterSets").Distinct().ToList();
        var documentedSets = help.Syntax.Select(s => s.ParameterSetName).ToList();
        if (sets.Count > 0)
        {
            Assert.Equal(sets.Order(), documentedSets.Order());
            Assert.Equal(cmdlet.DefaultParameterSetName, help.Syntax.Single(s => s.IsDefault).ParameterSetName);
        }
    }

    /// <summary>Issue 15 item 6: the docs promised a check on a -SshExecutable no cmdlet has.</summary>
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/about_ZoneDelegation.md")]
    public void Every_parameter_the_overview_names_exists_on_a_cmdlet(string file)
    {
        string[] common = ["WhatIf", "Confirm", "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction",
            "ErrorVariable", "WarningVariable", "OutVariable", "OutBuffer", "PipelineVariable", "ProgressAction"];
        var known = CmdletCatalog.All.SelectMany(c => c.Parameters.SelectMany(p => p.Aliases.Append(p.Name))).Concat(common)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, file));
        var named = System.Text.RegularExpressions.Regex.Matches(text, "`-([A-Z][A-Za-z]+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, known));
    }

    /// <summary>
    /// Issue 17 item 11: the testbed README's "By hand" section starts a CN of every platform testbed.sh accepts
    /// (it omitted illumos), read from the script's own usage line.
    /// </summary>
    [Fact]
    public void The_testbed_readme_starts_a_cn_of_every_platform_by_hand()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "testbed", "testbed.sh"));
        var usage = System.Text.RegularExpressions.Regex.Match(script, @"--platform ([a-z|]+)\]");
        Assert.True(usage.Success, "testbed.sh's usage line names no --platform choices");
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "testbed", "README.md"));
        var byHand = System.Text.RegularExpressions.Regex.Match(readme, @"## By hand\s*```bash\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(byHand.Success, "tests/testbed/README.md has no \"By hand\" bash block");
        Assert.All(usage.Groups[1].Value.Split('|'), platform => Assert.Contains("--platform " + platform, byHand.Groups[1].Value));
    }

    [Fact]
    public void The_built_module_folder_is_complete()
    {
        var module = RepositoryPaths.ModuleArtifact;
        foreach (var file in new[] { "ZoneDelegation.psd1", "ZoneDelegation.dll", "ZoneDelegation.Core.dll", "ZoneDelegation.format.ps1xml", "LICENSE", "en-US/ZoneDelegation.dll-Help.xml" })
        {
            Assert.True(File.Exists(Path.Combine(module, file)), $"artifacts/ZoneDelegation/{file} is missing; run dotnet build.");
        }

        var version = typeof(Commands.ConnectComputeNodeCommand).Assembly.GetName().Version!;
        Assert.Contains($"ModuleVersion = '{version.Major}.{version.Minor}.{version.Build}'", File.ReadAllText(Path.Combine(module, "ZoneDelegation.psd1")));

        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        var maml = XDocument.Load(Path.Combine(module, "en-US", "ZoneDelegation.dll-Help.xml"));
        var names = maml.Descendants(command + "details").Select(d => d.Element(command + "name")!.Value).Order().ToList();
        Assert.Equal(CmdletCatalog.All.Select(c => c.Name).Order().ToList(), names);
        Assert.True(File.Exists(Path.Combine(module, "en-US", "about_ZoneDelegation.help.txt")));
    }
}

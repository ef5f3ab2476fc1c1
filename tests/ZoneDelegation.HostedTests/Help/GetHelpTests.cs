using System.Management.Automation;
using System.Management.Automation.Language;

namespace ZoneDelegation.HostedTests.Help;

/// <summary>
/// Get-Help of every exported cmdlet, as a user sees it from the built MAML: a synopsis and a
/// description, every parameter described, at least two examples, and every example's code parses.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class GetHelpTests(HostedSandbox sandbox)
{
    /// <summary>The manifest's CmdletsToExport, read with PowerShell's own parser.</summary>
    public static TheoryData<string> ExportedCmdlets()
    {
        var manifest = Parser.ParseFile(PowerShellSession.ModuleManifest, out _, out var errors);
        Assert.Empty(errors);
        var table = (HashtableAst)manifest.Find(ast => ast is HashtableAst, searchNestedScriptBlocks: false)!;
        var exported = table.KeyValuePairs.Single(pair => pair.Item1 is StringConstantExpressionAst { Value: "CmdletsToExport" }).Item2;
        var data = new TheoryData<string>();
        foreach (var name in exported.FindAll(ast => ast is StringConstantExpressionAst, searchNestedScriptBlocks: false))
        {
            data.Add(((StringConstantExpressionAst)name).Value);
        }

        return data;
    }

    [Fact]
    public void The_manifest_exports_the_eleven_cmdlets_at_least() => Assert.True(ExportedCmdlets().Count >= 11);

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void Help_is_complete(string command)
    {
        var help = sandbox.Session.Invoke(
            """
            $name = $args[0]
            $help = Get-Help $name -Full
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            $parameters = (Get-Command $name).Parameters.Keys | Where-Object { $common -notcontains $_ }
            [pscustomobject]@{
                Synopsis    = "$($help.Synopsis)".Trim()
                Description = (@($help.description) | ForEach-Object Text) -join "`n"
                Undescribed = @($parameters | Where-Object {
                    $parameter = $_
                    $entry = @($help.parameters.parameter) | Where-Object Name -eq $parameter
                    -not $entry -or -not ((@($entry.description) | ForEach-Object Text) -join '').Trim()
                })
                Examples    = @(@($help.examples.example) | ForEach-Object { "$($_.code)" })
                Remarks     = @(@($help.examples.example) | ForEach-Object { (@($_.remarks) | ForEach-Object Text) -join '' })
            }
            """, command).ThrowIfFailed().Output.Single();

        var synopsis = (string)help.Properties["Synopsis"].Value;
        Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{command} has no synopsis");
        Assert.DoesNotContain(command + " [", synopsis, StringComparison.Ordinal); // PowerShell's stand-in synopsis when there is no MAML
        Assert.False(string.IsNullOrWhiteSpace((string)help.Properties["Description"].Value), $"{command} has no description");
        Assert.Empty(Strings(help, "Undescribed"));

        var examples = Strings(help, "Examples");
        Assert.True(examples.Count >= 2, $"{command} has {examples.Count} example(s)");
        Assert.All(examples, code =>
        {
            Assert.False(string.IsNullOrWhiteSpace(code), $"{command} has an empty example");
            Parser.ParseInput(code, out _, out var errors);
            Assert.True(errors.Length == 0, $"{command} example does not parse: {string.Join("; ", errors.Select(e => e.Message))}\n{code}");
        });
        Assert.All(Strings(help, "Remarks"), remark => Assert.False(string.IsNullOrWhiteSpace(remark), $"{command} has an example without an explanation"));
    }

    /// <summary>
    /// Issue 17 item 10: paragraphs hard-wrapped at about 100 columns came out ragged at 80 (a long line, a short one).
    /// Rendered at 80 and 120 columns, every line of the DESCRIPTION that another line of its paragraph follows is
    /// full: PowerShell did the wrapping. Table rows and list items keep their own lines.
    /// </summary>
    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void The_description_is_wrapped_by_PowerShell_at_80_and_120_columns(string command)
    {
        foreach (var width in new[] { 80, 120 })
        {
            var text = (string)sandbox.Session.Invoke("Get-Help $args[0] -Full | Out-String -Width $args[1]", command, width)
                .ThrowIfFailed().Output.Single().BaseObject;
            var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
            var start = lines.IndexOf("DESCRIPTION");
            var end = lines.FindIndex(start + 1, line => line.Length > 0 && !char.IsWhiteSpace(line[0]));
            Assert.True(start >= 0 && end > start, $"{command}: no DESCRIPTION section at {width}:\n{text}");
            for (var i = start + 1; i < end - 1; i++)
            {
                var (line, next) = (lines[i].TrimEnd(), lines[i + 1].Trim());
                if (line.Trim().Length == 0 || next.Length == 0 || OwnLine(line.Trim()) || OwnLine(next))
                {
                    continue;
                }

                Assert.True(line.Length >= width - 2,
                    $"{command} at {width}: a short line inside a paragraph ({line.Length} columns), a hard wrap:\n{line}\n{lines[i + 1]}");
            }
        }
    }

    private static bool OwnLine(string line) => line.StartsWith('|') || System.Text.RegularExpressions.Regex.IsMatch(line, @"^([-*+]|\d+[.)])\s");

    private static List<string> Strings(PSObject help, string property) =>
        ((System.Collections.IEnumerable)PSObject.AsPSObject(help.Properties[property].Value).BaseObject).Cast<object?>()
            .Select(o => o?.ToString() ?? string.Empty).ToList();
}

using ZoneDelegation.HelpBuilder;

namespace ZoneDelegation.Module.Tests;

public sealed class HelpBuilderTests
{
    private const string ValidPage = """
        ---
        external help file: ZoneDelegation.dll-Help.xml
        Module Name: ZoneDelegation
        online version:
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS
        Gets things.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-Thing [-Name] <String>
        ```

        ## DESCRIPTION
        Long text.

        ## EXAMPLES

        ### Example 1: one
        ```powershell
        Get-Thing -Name x
        ```

        Remarks.

        ## PARAMETERS

        ### -Name
        The name.

        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases: N

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### CommonParameters
        Common.

        ## INPUTS

        ### System.String

        ## OUTPUTS

        ### System.Object

        ## NOTES

        ## RELATED LINKS

        [Other](Other.md)
        """;

    [Fact]
    public void Reads_a_valid_page()
    {
        var help = PlatyPsMarkdownReader.Parse(ValidPage, "Get-Thing.md");
        Assert.Equal("Get-Thing", help.Name);
        Assert.Equal("Gets things.", help.Synopsis);
        var parameter = Assert.Single(help.Parameters);
        Assert.Equal("Name", parameter.Name);
        Assert.True(parameter.Required);
        Assert.Equal(["N"], parameter.Aliases);
        Assert.Equal("0", parameter.Position);
        Assert.Equal("ByName", Assert.Single(help.Syntax).ParameterSetName);
        Assert.Equal("Get-Thing -Name x", Assert.Single(help.Examples).Code);
        Assert.Equal("Other", Assert.Single(help.RelatedLinks).Text);
    }

    /// <summary>
    /// Issue 17 item 10: the lines of a paragraph are joined so PowerShell wraps them at the console's width; list items,
    /// table rows and fenced code keep their lines.
    /// </summary>
    [Fact]
    public void Joins_the_lines_of_a_paragraph_and_keeps_lists_tables_and_code()
    {
        var page = ValidPage.Replace("## DESCRIPTION\nLong text.\n", string.Join('\n',
            "## DESCRIPTION", "First line of a paragraph", "and its second line.", "", "- an item", "  that goes on", "- another item", "",
            "| A | B |", "|---|---|", "| 1 | 2 |", "", "```", "Get-Thing |", "    Out-Null", "```", "Last", "words.", ""), StringComparison.Ordinal);

        var help = PlatyPsMarkdownReader.Parse(page, "Get-Thing.md");

        Assert.Equal(string.Join('\n', "First line of a paragraph and its second line.", "", "- an item that goes on", "- another item", "",
            "| A | B |", "|---|---|", "| 1 | 2 |", "", "```", "Get-Thing |", "    Out-Null", "```", "Last words."), help.Description);
    }

    [Theory]
    [InlineData("schema: 2.0.0", "schema: 1.0.0", "schema: 2.0.0")]
    [InlineData("## SYNOPSIS\nGets things.", "## SYNOPSIS", "SYNOPSIS is empty")]
    [InlineData("## NOTES\n", "", "missing section '## NOTES'")]
    [InlineData("Parameter Sets: (All)", "Sets: (All)", "needs 'Type' and 'Parameter Sets'")]
    public void Rejects_a_page_that_breaks_the_schema(string find, string replace, string expectedMessage)
    {
        var page = ValidPage.Replace(find, replace);
        var error = Assert.Throws<HelpFormatException>(() => PlatyPsMarkdownReader.Parse(page, "Get-Thing.md"));
        Assert.Contains(expectedMessage, error.Message);
        Assert.StartsWith("Get-Thing.md(", error.Message);
    }

    [Fact]
    public void Writes_maml_that_names_the_command_and_parameters()
    {
        var help = PlatyPsMarkdownReader.Parse(ValidPage, "Get-Thing.md");
        var path = Path.GetTempFileName();
        try
        {
            MamlWriter.Write([help], path);
            var xml = System.Xml.Linq.XDocument.Load(path);
            XNamespaceHelper.AssertContains(xml, "Get-Thing", "Name", "Gets things.");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Stamps_the_version_and_refuses_wildcard_exports()
    {
        var stamped = ManifestStamper.Stamp("@{ ModuleVersion = '0.0.0'\n CmdletsToExport = @('A-B') }", "1.2.3");
        Assert.Contains("ModuleVersion = '1.2.3'", stamped);
        Assert.Throws<InvalidOperationException>(() => ManifestStamper.Stamp("@{ ModuleVersion = '0.0.0'\n CmdletsToExport = '*' }", "1.2.3"));
        Assert.Equal(["A-B", "C-D"], ManifestStamper.ReadCmdletsToExport("CmdletsToExport = @(\n 'A-B'\n 'C-D'\n)"));
    }
}

internal static class XNamespaceHelper
{
    public static void AssertContains(System.Xml.Linq.XDocument xml, params string[] texts)
    {
        var all = xml.ToString();
        foreach (var text in texts)
        {
            Assert.Contains(text, all);
        }
    }
}

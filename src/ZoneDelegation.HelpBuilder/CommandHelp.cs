namespace ZoneDelegation.HelpBuilder;

/// <summary>One cmdlet's help as a PlatyPS 2.0.0 markdown file describes it.</summary>
public sealed class CommandHelp
{
    public required string Name { get; init; }

    public required string SourceFile { get; init; }

    public string Synopsis { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public List<SyntaxBlock> Syntax { get; } = [];

    public List<ExampleHelp> Examples { get; } = [];

    public List<ParameterHelp> Parameters { get; } = [];

    public List<TypeHelp> Inputs { get; } = [];

    public List<TypeHelp> Outputs { get; } = [];

    public string Notes { get; set; } = string.Empty;

    public List<RelatedLink> RelatedLinks { get; } = [];

    public string Verb => Name.Split('-', 2)[0];

    public string Noun => Name.Split('-', 2).ElementAtOrDefault(1) ?? string.Empty;
}

public sealed record SyntaxBlock(string ParameterSetName, bool IsDefault, string Text);

public sealed record ExampleHelp(string Title, string Code, string Remarks);

public sealed record TypeHelp(string TypeName, string Description);

public sealed record RelatedLink(string Text, string Uri);

public sealed class ParameterHelp
{
    public required string Name { get; init; }

    public string Description { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    /// <summary>Set names, or "(All)".</summary>
    public List<string> ParameterSets { get; } = [];

    public List<string> Aliases { get; } = [];

    public List<string> AcceptedValues { get; } = [];

    public bool Required { get; set; }

    public string Position { get; set; } = "Named";

    public string DefaultValue { get; set; } = "None";

    public string PipelineInput { get; set; } = "False";

    public bool AcceptsWildcards { get; set; }

    public bool IsSwitch => Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);

    public bool AppliesTo(string parameterSet) =>
        ParameterSets.Contains("(All)") || ParameterSets.Contains(parameterSet, StringComparer.OrdinalIgnoreCase);
}

using System.Reflection;
using System.Runtime.Loader;
using System.Text;

namespace ZoneDelegation.HelpBuilder;

/// <summary>
/// Our Update-MarkdownHelp: reads the compiled cmdlets and (re)writes docs/&lt;Verb-Noun&gt;.md so that
/// SYNTAX and every parameter's yaml block match the code, keeping the prose people wrote (synopsis,
/// description, examples, parameter descriptions, inputs, outputs, notes, links). New pages get
/// "{{ ... }}" placeholders, which the module tests refuse, so nobody ships an unfilled page.
/// Attributes are read through CustomAttributeData: PowerShellStandard's reference assembly has stub getters.
/// </summary>
public static class DocsScaffolder
{
    public const string Placeholder = "{{";

    public static int Run(string assemblyPath, string docsDirectory)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        var context = new AssemblyLoadContext("scaffold", isCollectible: true);
        context.Resolving += (ctx, name) =>
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? ctx.LoadFromAssemblyPath(candidate) : null;
        };
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var count = 0;
        foreach (var type in assembly.GetTypes().Where(t => t.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CmdletAttribute")))
        {
            var page = Path.Combine(docsDirectory, CmdletName(type) + ".md");
            var existing = File.Exists(page) ? PlatyPsMarkdownReader.Read(page) : null;
            File.WriteAllText(page, Render(type, existing));
            count++;
        }

        Console.WriteLine($"HelpBuilder scaffold: {count} pages in {docsDirectory}");
        return 0;
    }

    private static string CmdletName(Type type)
    {
        var attribute = type.GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute");
        return $"{attribute.ConstructorArguments[0].Value}-{attribute.ConstructorArguments[1].Value}";
    }

    private static T? Named<T>(CustomAttributeData data, string name)
    {
        // CustomAttributeNamedArgument is a struct whose default throws on MemberName: search, don't FirstOrDefault.
        foreach (var argument in data.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T?)argument.TypedValue.Value;
            }
        }

        return default;
    }

    private sealed record Binding(string Set, bool Mandatory, bool ByValue, bool ByPropertyName, int? Position);

    private sealed record Parameter(PropertyInfo Property, List<Binding> Bindings, List<string> Aliases, List<string> AcceptedValues, bool Wildcards, string DefaultValue)
    {
        public string Name => Property.Name;

        public bool IsSwitch => Property.PropertyType.Name == "SwitchParameter";
    }

    private static string Render(Type type, CommandHelp? existing)
    {
        var name = CmdletName(type);
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute");
        var shouldProcess = Named<bool>(cmdlet, "SupportsShouldProcess");
        var defaultSet = Named<string>(cmdlet, "DefaultParameterSetName");
        var instance = TryCreate(type);
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => ReadParameter(p, instance))
            .OfType<Parameter>()
            .ToList();
        var sets = parameters.SelectMany(p => p.Bindings.Select(b => b.Set)).Where(s => s != "__AllParameterSets").Distinct().ToList();
        if (sets.Count == 0)
        {
            sets.Add("__AllParameterSets");
        }

        var text = new StringBuilder();
        text.Append("---\nexternal help file: ZoneDelegation.dll-Help.xml\nModule Name: ZoneDelegation\nonline version:\nschema: 2.0.0\n---\n\n");
        text.Append($"# {name}\n\n## SYNOPSIS\n{Prose(existing?.Synopsis, "Fill in the Synopsis")}\n\n## SYNTAX\n\n");
        foreach (var set in sets)
        {
            var heading = set == "__AllParameterSets" ? "__AllParameterSets" : set + (set == defaultSet ? " (Default)" : string.Empty);
            text.Append($"### {heading}\n```\n{SyntaxLine(name, set, parameters, shouldProcess)}\n```\n\n");
        }

        text.Append($"## DESCRIPTION\n{Prose(existing?.Description, "Fill in the Description")}\n\n## EXAMPLES\n\n");
        if (existing is { Examples.Count: > 0 })
        {
            foreach (var example in existing.Examples)
            {
                text.Append($"### {example.Title}\n```powershell\n{example.Code}\n```\n\n{example.Remarks}\n\n");
            }
        }
        else
        {
            text.Append($"### Example 1\n```powershell\n{{{{ Add example code for {name} }}}}\n```\n\n{{{{ Add example description }}}}\n\n");
        }

        text.Append("## PARAMETERS\n\n");
        var documented = parameters.Select(p => (p.Name, Yaml: ParameterYaml(p, sets)))
            .Concat(shouldProcess
                ? [("Confirm", CommonYaml("SwitchParameter", "cf")), ("WhatIf", CommonYaml("SwitchParameter", "wi"))]
                : [])
            .OrderBy(p => p.Name is "Confirm" or "WhatIf" ? 1 : 0)
            .ThenBy(p => p.Name, StringComparer.Ordinal);
        foreach (var (parameterName, yaml) in documented)
        {
            var description = existing?.Parameters.FirstOrDefault(p => p.Name == parameterName)?.Description;
            description ??= parameterName switch
            {
                "Confirm" => "Prompts you for confirmation before running the cmdlet.",
                "WhatIf" => "Shows what would happen if the cmdlet runs, with the exact native commands per compute node. The cmdlet is not run.",
                _ => null,
            };
            text.Append($"### -{parameterName}\n{Prose(description, $"Fill {parameterName} Description")}\n\n```yaml\n{yaml}```\n\n");
        }

        text.Append("### CommonParameters\nThis cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n\n");
        text.Append("## INPUTS\n\n");
        AppendTypes(text, existing?.Inputs, "Fill in the input type");
        text.Append("## OUTPUTS\n\n");
        AppendTypes(text, existing?.Outputs, "Fill in the output type");
        text.Append($"## NOTES\n{existing?.Notes}\n\n## RELATED LINKS\n\n");
        foreach (var link in existing?.RelatedLinks ?? [])
        {
            text.Append($"[{link.Text}]({link.Uri})\n\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static void AppendTypes(StringBuilder text, List<TypeHelp>? types, string placeholder)
    {
        if (types is not { Count: > 0 })
        {
            text.Append($"### {{{{ {placeholder} }}}}\n\n");
            return;
        }

        foreach (var type in types)
        {
            text.Append($"### {type.TypeName}\n{type.Description}\n\n");
        }
    }

    private static string Prose(string? value, string placeholder) =>
        string.IsNullOrWhiteSpace(value) ? $"{{{{ {placeholder} }}}}" : value;

    private static object? TryCreate(Type type)
    {
        try
        {
            return Activator.CreateInstance(type);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static Parameter? ReadParameter(PropertyInfo property, object? instance)
    {
        var data = property.GetCustomAttributesData();
        var bindings = data.Where(a => a.AttributeType.Name == "ParameterAttribute")
            .Select(a => new Binding(
                Named<string>(a, "ParameterSetName") ?? "__AllParameterSets",
                Named<bool>(a, "Mandatory"),
                Named<bool>(a, "ValueFromPipeline"),
                Named<bool>(a, "ValueFromPipelineByPropertyName"),
                Named<int?>(a, "Position") is int position && position >= 0 ? position : null))
            .ToList();
        if (bindings.Count == 0)
        {
            return null;
        }

        var aliases = Strings(data.Where(a => a.AttributeType.Name == "AliasAttribute"));
        var accepted = Strings(data.Where(a => a.AttributeType.Name == "ValidateSetAttribute"));
        if (accepted.Count == 0)
        {
            var enumType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (enumType.IsEnum)
            {
                accepted = Enum.GetNames(enumType).ToList();
            }
        }

        var wildcards = data.Any(a => a.AttributeType.Name == "SupportsWildcardsAttribute");
        return new Parameter(property, bindings, aliases, accepted, wildcards, DefaultValue(property, instance));
    }

    private static List<string> Strings(IEnumerable<CustomAttributeData> attributes) =>
        attributes.SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
            .OfType<string>()
            .ToList();

    private static string DefaultValue(PropertyInfo property, object? instance)
    {
        if (instance is null || property.PropertyType.Name == "SwitchParameter")
        {
            return property.PropertyType.Name == "SwitchParameter" ? "False" : "None";
        }

        object? value;
        try
        {
            value = property.GetValue(instance);
        }
        catch (Exception)
        {
            return "None";
        }

        return value switch
        {
            null => "None",
            string s when s.Length == 0 => "None",
            Array { Length: 0 } => "None",
            Array array => string.Join(", ", array.Cast<object>()),
            _ => value.ToString() ?? "None",
        };
    }

    private static string SyntaxLine(string name, string set, List<Parameter> parameters, bool shouldProcess)
    {
        var parts = new List<string> { name };
        var inSet = parameters
            .Select(p => (Parameter: p, Binding: p.Bindings.FirstOrDefault(b => b.Set == set) ?? p.Bindings.FirstOrDefault(b => b.Set == "__AllParameterSets")))
            .Where(x => x.Binding is not null)
            .OrderBy(x => x.Binding!.Position ?? int.MaxValue)
            .ThenBy(x => x.Binding!.Mandatory ? 0 : 1)
            .ThenBy(x => x.Parameter.Name, StringComparer.Ordinal);
        foreach (var (parameter, binding) in inSet)
        {
            var nameText = binding!.Position is null ? $"-{parameter.Name}" : $"[-{parameter.Name}]";
            var part = parameter.IsSwitch ? $"-{parameter.Name}" : $"{nameText} <{TypeName(parameter.Property.PropertyType)}>";
            parts.Add(binding.Mandatory ? part : $"[{part}]");
        }

        if (shouldProcess)
        {
            parts.Add("[-WhatIf]");
            parts.Add("[-Confirm]");
        }

        parts.Add("[<CommonParameters>]");
        return string.Join(' ', parts);
    }

    private static string ParameterYaml(Parameter parameter, List<string> allSets)
    {
        var sets = parameter.Bindings.Any(b => b.Set == "__AllParameterSets")
            ? "(All)"
            : string.Join(", ", parameter.Bindings.Select(b => b.Set));
        var pipeline = (parameter.Bindings.Any(b => b.ByPropertyName), parameter.Bindings.Any(b => b.ByValue)) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByPropertyName)",
            (false, true) => "True (ByValue)",
            _ => "False",
        };
        var position = parameter.Bindings.Select(b => b.Position).FirstOrDefault(p => p is not null);
        var yaml = new StringBuilder();
        yaml.Append($"Type: {TypeName(parameter.Property.PropertyType)}\n");
        yaml.Append($"Parameter Sets: {sets}\n");
        yaml.Append($"Aliases: {(parameter.Aliases.Count == 0 ? string.Empty : string.Join(", ", parameter.Aliases))}\n");
        if (parameter.AcceptedValues.Count > 0)
        {
            yaml.Append($"Accepted values: {string.Join(", ", parameter.AcceptedValues)}\n");
        }

        yaml.Append('\n');
        yaml.Append($"Required: {(parameter.Bindings.Any(b => b.Mandatory) ? "True" : "False")}\n");
        yaml.Append($"Position: {(position is null ? "Named" : position.ToString())}\n");
        yaml.Append($"Default value: {parameter.DefaultValue}\n");
        yaml.Append($"Accept pipeline input: {pipeline}\n");
        yaml.Append($"Accept wildcard characters: {(parameter.Wildcards ? "True" : "False")}\n");
        return yaml.ToString();
    }

    private static string CommonYaml(string type, string alias) =>
        $"Type: {type}\nParameter Sets: (All)\nAliases: {alias}\n\nRequired: False\nPosition: Named\nDefault value: False\nAccept pipeline input: False\nAccept wildcard characters: False\n";

    /// <summary>Type names the way PowerShell users read them: String[], Int32, Hashtable, ComputeNodeTarget[].</summary>
    private static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return TypeName(underlying);
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        return type.Name;
    }
}

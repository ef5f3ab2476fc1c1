using System.Text.RegularExpressions;
using System.Xml;

namespace ZoneDelegation.HelpBuilder;

/// <summary>
/// Writes <c>&lt;RootModule&gt;.dll-Help.xml</c>: the MAML PowerShell's Get-Help reads for a binary
/// module, in the shape New-ExternalHelp (PlatyPS) produces.
/// </summary>
public static partial class MamlWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    public static void Write(IEnumerable<CommandHelp> commands, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("helpItems", Msh);
        writer.WriteAttributeString("schema", "maml");
        writer.WriteAttributeString("xmlns", "maml", null, Maml);
        writer.WriteAttributeString("xmlns", "command", null, Command);
        writer.WriteAttributeString("xmlns", "dev", null, Dev);
        foreach (var help in commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
        {
            WriteCommand(writer, help);
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter writer, CommandHelp help)
    {
        writer.WriteStartElement("command", "command", Command);

        writer.WriteStartElement("command", "details", Command);
        writer.WriteElementString("command", "name", Command, help.Name);
        writer.WriteElementString("command", "verb", Command, help.Verb);
        writer.WriteElementString("command", "noun", Command, help.Noun);
        WriteDescription(writer, help.Synopsis);
        writer.WriteEndElement();

        WriteDescription(writer, help.Description);

        writer.WriteStartElement("command", "syntax", Command);
        foreach (var set in help.Syntax)
        {
            writer.WriteStartElement("command", "syntaxItem", Command);
            writer.WriteElementString("maml", "name", Maml, help.Name);
            foreach (var parameter in help.Parameters.Where(p => p.AppliesTo(set.ParameterSetName)))
            {
                WriteParameter(writer, parameter);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("command", "parameters", Command);
        foreach (var parameter in help.Parameters)
        {
            WriteParameter(writer, parameter);
        }

        writer.WriteEndElement();

        WriteTypes(writer, "inputTypes", "inputType", help.Inputs);
        WriteTypes(writer, "returnValues", "returnValue", help.Outputs);

        writer.WriteStartElement("maml", "alertSet", Maml);
        writer.WriteStartElement("maml", "alert", Maml);
        WriteParagraphs(writer, help.Notes);
        writer.WriteEndElement();
        writer.WriteEndElement();

        writer.WriteStartElement("command", "examples", Command);
        foreach (var example in help.Examples)
        {
            writer.WriteStartElement("command", "example", Command);
            writer.WriteElementString("maml", "title", Maml, $"-------------------------- {example.Title} --------------------------");
            writer.WriteElementString("dev", "code", Dev, example.Code);
            writer.WriteStartElement("dev", "remarks", Dev);
            WriteParagraphs(writer, example.Remarks);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("command", "relatedLinks", Command);
        foreach (var link in help.RelatedLinks)
        {
            writer.WriteStartElement("maml", "navigationLink", Maml);
            writer.WriteElementString("maml", "linkText", Maml, link.Text);
            writer.WriteElementString("maml", "uri", Maml, link.Uri.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? string.Empty : link.Uri);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteParameter(XmlWriter writer, ParameterHelp parameter)
    {
        writer.WriteStartElement("command", "parameter", Command);
        writer.WriteAttributeString("required", parameter.Required ? "true" : "false");
        writer.WriteAttributeString("variableLength", parameter.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false");
        writer.WriteAttributeString("globbing", parameter.AcceptsWildcards ? "true" : "false");
        writer.WriteAttributeString("pipelineInput", parameter.PipelineInput);
        writer.WriteAttributeString("position", parameter.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : parameter.Position);
        writer.WriteAttributeString("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases));
        writer.WriteElementString("maml", "name", Maml, parameter.Name);
        WriteDescription(writer, parameter.Description);
        if (parameter.AcceptedValues.Count > 0)
        {
            writer.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (var value in parameter.AcceptedValues)
            {
                writer.WriteStartElement("command", "parameterValue", Command);
                writer.WriteAttributeString("required", "false");
                writer.WriteAttributeString("command", "variableLength", Command, "false");
                writer.WriteString(value);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        if (!parameter.IsSwitch)
        {
            writer.WriteStartElement("command", "parameterValue", Command);
            writer.WriteAttributeString("required", "true");
            writer.WriteAttributeString("variableLength", "false");
            writer.WriteString(parameter.Type);
            writer.WriteEndElement();
        }

        writer.WriteStartElement("dev", "type", Dev);
        writer.WriteElementString("maml", "name", Maml, parameter.Type);
        writer.WriteElementString("maml", "uri", Maml, string.Empty);
        writer.WriteEndElement();
        writer.WriteElementString("dev", "defaultValue", Dev, parameter.DefaultValue);
        writer.WriteEndElement();
    }

    private static void WriteTypes(XmlWriter writer, string listElement, string itemElement, IEnumerable<TypeHelp> types)
    {
        writer.WriteStartElement("command", listElement, Command);
        foreach (var type in types)
        {
            writer.WriteStartElement("command", itemElement, Command);
            writer.WriteStartElement("dev", "type", Dev);
            writer.WriteElementString("maml", "name", Maml, type.TypeName);
            writer.WriteEndElement();
            WriteDescription(writer, type.Description);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteDescription(XmlWriter writer, string text)
    {
        writer.WriteStartElement("maml", "description", Maml);
        WriteParagraphs(writer, text);
        writer.WriteEndElement();
    }

    private static void WriteParagraphs(XmlWriter writer, string text)
    {
        foreach (var paragraph in ParagraphBreak().Split(text.Trim()).Where(p => p.Length > 0))
        {
            writer.WriteElementString("maml", "para", Maml, paragraph.Trim());
        }
    }
}

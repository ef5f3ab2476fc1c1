using System.Reflection;
using ZoneDelegation.Commands;

namespace ZoneDelegation.Module.Tests;

/// <summary>
/// The module's cmdlets as reflection sees them. PowerShellStandard's reference assembly has stub
/// attribute getters, so everything is read from CustomAttributeData (constructor and named arguments).
/// </summary>
internal static class CmdletCatalog
{
    public static Assembly ModuleAssembly { get; } = typeof(ConnectComputeNodeCommand).Assembly;

    public static IReadOnlyList<CmdletInfo> All { get; } = ModuleAssembly.GetTypes()
        .Select(CmdletInfo.TryCreate)
        .OfType<CmdletInfo>()
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static CmdletInfo Get(string name) => All.Single(c => c.Name == name);
}

internal sealed class CmdletInfo
{
    private CmdletInfo(Type type, CustomAttributeData cmdlet)
    {
        Type = type;
        Verb = (string)cmdlet.ConstructorArguments[0].Value!;
        Noun = (string)cmdlet.ConstructorArguments[1].Value!;
        SupportsShouldProcess = Named<bool>(cmdlet, "SupportsShouldProcess");
        ConfirmImpact = Named<object>(cmdlet, "ConfirmImpact")?.ToString() switch
        {
            null => "Medium",
            "0" => "None",
            "1" => "Low",
            "2" => "Medium",
            "3" => "High",
            var other => other,
        };
        DefaultParameterSetName = Named<string>(cmdlet, "DefaultParameterSetName");
        OutputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
            .OfType<Type>()
            .ToList();
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ParameterInfo.TryCreate)
            .OfType<ParameterInfo>()
            .ToList();
    }

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => $"{Verb}-{Noun}";

    public bool SupportsShouldProcess { get; }

    public string ConfirmImpact { get; }

    public string? DefaultParameterSetName { get; }

    public IReadOnlyList<Type> OutputTypes { get; }

    public IReadOnlyList<ParameterInfo> Parameters { get; }

    public static CmdletInfo? TryCreate(Type type)
    {
        var attribute = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "CmdletAttribute");
        return attribute is null ? null : new CmdletInfo(type, attribute);
    }

    internal static T? Named<T>(CustomAttributeData data, string name)
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

    public override string ToString() => Name;
}

internal sealed class ParameterInfo
{
    private ParameterInfo(PropertyInfo property, List<CustomAttributeData> parameterAttributes)
    {
        Property = property;
        Sets = parameterAttributes.Select(a => new ParameterSetBinding(
            CmdletInfo.Named<string>(a, "ParameterSetName") ?? "__AllParameterSets",
            CmdletInfo.Named<bool>(a, "Mandatory"),
            CmdletInfo.Named<bool>(a, "ValueFromPipeline"),
            CmdletInfo.Named<bool>(a, "ValueFromPipelineByPropertyName"),
            CmdletInfo.Named<int?>(a, "Position"))).ToList();
        Aliases = property.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : [(string)arg.Value!])
            .ToList();
    }

    public PropertyInfo Property { get; }

    public string Name => Property.Name;

    public Type Type => Property.PropertyType;

    public IReadOnlyList<ParameterSetBinding> Sets { get; }

    public IReadOnlyList<string> Aliases { get; }

    public bool ByValue => Sets.Any(s => s.ValueFromPipeline);

    public bool ByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);

    public static ParameterInfo? TryCreate(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").ToList();
        return attributes.Count == 0 ? null : new ParameterInfo(property, attributes);
    }

    public override string ToString() => Name;
}

internal sealed record ParameterSetBinding(string Name, bool Mandatory, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName, int? Position);

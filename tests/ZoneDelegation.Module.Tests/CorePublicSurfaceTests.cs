using System.Reflection;
using System.Xml.Linq;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Module.Tests;

/// <summary>
/// Core is public only where the module's public surface needs it: what the cmdlets take and give, what the
/// public cmdlet bases expose, the format file's types, the exceptions operators read, and the public members
/// of those, transitively. Anything else is internal (the module and the tests see it through InternalsVisibleTo).
/// </summary>
public sealed class CorePublicSurfaceTests
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Assembly Core = typeof(ComputeNodeConnection).Assembly;

    [Fact]
    public void Every_public_Core_type_is_reached_from_the_module_surface()
    {
        var needed = NeededCoreTypes();
        var needless = Core.GetExportedTypes()
            .Select(Outermost)
            .Where(t => !needed.Contains(t))
            .Select(t => t.FullName)
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Empty(needless);
    }

    private static HashSet<Type> NeededCoreTypes()
    {
        var needed = new HashSet<Type>();
        var pending = new Queue<Type>();
        void Need(Type? type)
        {
            foreach (var core in CoreTypesIn(type))
            {
                if (needed.Add(core))
                {
                    pending.Enqueue(core);
                }
            }
        }

        foreach (var type in CmdletCatalog.ModuleAssembly.GetExportedTypes())
        {
            Surface(type).ToList().ForEach(Need);
            type.CustomAttributes.SelectMany(a => a.ConstructorArguments).SelectMany(Values).ToList().ForEach(Need);
        }

        var formatFile = Path.Combine(RepositoryPaths.Root, "src", "ZoneDelegation", "ZoneDelegation.format.ps1xml");
        XDocument.Load(formatFile).Descendants("TypeName").Select(t => Core.GetType(t.Value)).ToList().ForEach(Need);
        Core.GetTypes().Where(t => !t.IsNested && typeof(Exception).IsAssignableFrom(t)).ToList().ForEach(Need);

        while (pending.TryDequeue(out var type))
        {
            Surface(type).ToList().ForEach(Need);
        }

        return needed;
    }

    /// <summary>The types a public type shows: bases, interfaces, constraints and its visible members' signatures.</summary>
    private static IEnumerable<Type?> Surface(Type type)
    {
        yield return type.BaseType;
        foreach (var shown in type.GetInterfaces().Concat(type.GetGenericArguments().SelectMany(g => g.GetGenericParameterConstraints())))
        {
            yield return shown;
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly))
        {
            yield return (method as MethodInfo)?.ReturnType;
            foreach (var shown in method.GetParameters().Select(p => p.ParameterType)
                .Concat(method.IsGenericMethod ? method.GetGenericArguments().SelectMany(g => g.GetGenericParameterConstraints()) : []))
            {
                yield return shown;
            }
        }

        foreach (var property in type.GetProperties(Declared).Where(p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly)))
        {
            yield return property.PropertyType;
        }

        foreach (var field in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
        {
            yield return field.FieldType;
        }

        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(n => n.IsNestedPublic || n.IsNestedFamily || n.IsNestedFamORAssem))
        {
            foreach (var shown in Surface(nested))
            {
                yield return shown;
            }
        }
    }

    private static IEnumerable<Type> CoreTypesIn(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return [];
        }

        if (type.HasElementType)
        {
            return CoreTypesIn(type.GetElementType());
        }

        if (type.IsConstructedGenericType)
        {
            return type.GetGenericArguments().SelectMany(CoreTypesIn).Concat(CoreTypesIn(type.GetGenericTypeDefinition()));
        }

        return type.Assembly == Core ? [Outermost(type)] : [];
    }

    private static IEnumerable<Type?> Values(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        Type type => [type],
        IEnumerable<CustomAttributeTypedArgument> many => many.Select(a => a.Value as Type),
        _ => [],
    };

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}

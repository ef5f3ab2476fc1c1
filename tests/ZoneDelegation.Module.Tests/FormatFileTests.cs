using System.Xml.Linq;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Module.Tests;

/// <summary>The format file names real types and real properties (a typo there shows an empty column in pwsh).</summary>
public sealed class FormatFileTests
{
    [Fact]
    public void Every_view_selects_a_real_type_and_its_properties()
    {
        var path = Path.Combine(RepositoryPaths.Root, "src", "ZoneDelegation", "ZoneDelegation.format.ps1xml");
        var views = XDocument.Load(path).Descendants("View").ToList();
        Assert.NotEmpty(views);
        var core = typeof(ComputeNodeConnection).Assembly;
        foreach (var view in views)
        {
            var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            var type = core.GetType(typeName);
            Assert.True(type is not null, $"{typeName} is not a Core type.");
            foreach (var property in view.Descendants("PropertyName").Select(p => p.Value))
            {
                Assert.True(type!.GetProperty(property) is not null, $"{typeName} has no property {property}.");
            }
        }
    }

    /// <summary>
    /// A column header or list label is what the operator filters on (<c>? { -not $_.ActiveOnBoot }</c>):
    /// it must be a public property of the type, not a nickname such as Boots for ActiveOnBoot.
    /// </summary>
    [Fact]
    public void Every_label_is_a_property_of_its_type()
    {
        var core = typeof(ComputeNodeConnection).Assembly;
        var nicknames = new List<string>();
        foreach (var view in XDocument.Load(FormatFile).Descendants("View"))
        {
            var type = core.GetType(view.Element("ViewSelectedBy")!.Element("TypeName")!.Value)!;
            nicknames.AddRange(view.Descendants("Label").Select(label => label.Value)
                .Where(label => type.GetProperty(label) is not { GetMethod.IsPublic: true })
                .Select(label => $"{type.Name}: {label}"));
        }

        Assert.Empty(nicknames);
    }

    /// <summary>A fixed width cuts a long CN name or alias at any console width; PowerShell sizes unfixed columns to their values.</summary>
    [Fact]
    public void No_column_has_a_fixed_width()
    {
        Assert.Empty(XDocument.Load(FormatFile).Descendants("Width"));
    }

    private static string FormatFile => Path.Combine(RepositoryPaths.Root, "src", "ZoneDelegation", "ZoneDelegation.format.ps1xml");

    [Fact]
    public void Every_cmdlet_output_type_from_Core_has_a_view()
    {
        var path = Path.Combine(RepositoryPaths.Root, "src", "ZoneDelegation", "ZoneDelegation.format.ps1xml");
        var viewed = XDocument.Load(path).Descendants("TypeName").Select(t => t.Value).ToHashSet();
        var coreOutputs = CmdletCatalog.All.SelectMany(c => c.OutputTypes)
            .Where(t => t.Assembly == typeof(ComputeNodeConnection).Assembly)
            .Select(t => t.FullName!)
            .Distinct();
        Assert.All(coreOutputs, name => Assert.Contains(name, viewed));
    }
}

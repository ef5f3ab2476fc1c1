using System.Management.Automation;
using System.Reflection;
using ZoneDelegation.Core.Connections;

namespace ZoneDelegation.Module.Tests;

/// <summary>What every cmdlet of the module promises PowerShell users, checked by reflection.</summary>
public sealed class CmdletContractTests
{
    /// <summary>Verbs that change state on a CN or in the session: they must support -WhatIf/-Confirm.</summary>
    private static readonly HashSet<string> StateChangingVerbs =
        ["New", "Set", "Remove", "Enable", "Disable", "Repair", "Restore", "Update", "Add", "Clear", "Disconnect", "Checkpoint", "Rename"];

    /// <summary>Verbs that can destroy data: ConfirmImpact High, so they prompt by default.</summary>
    private static readonly HashSet<string> DestructiveVerbs = ["Remove", "Restore"];

    private static readonly HashSet<string> ReservedParameterNames =
        ["Confirm", "Debug", "ErrorAction", "ErrorVariable", "OutBuffer", "OutVariable", "WarningAction",
         "WarningVariable", "WhatIf", "UseTransaction", "Verbose", "ProgressAction", "InformationAction", "InformationVariable", "PipelineVariable"];

    [Fact]
    public void The_module_has_cmdlets()
    {
        Assert.NotEmpty(CmdletCatalog.All);
    }

    [Theory]
    [MemberData(nameof(CmdletCatalog.Names), MemberType = typeof(CmdletCatalog))]
    public void Uses_an_approved_verb(string name)
    {
        var approved = typeof(VerbsCommon).Assembly.GetTypes()
            .Where(t => t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
        Assert.Contains("Get", approved);
        Assert.Contains(CmdletCatalog.Get(name).Verb, approved);
    }

    [Theory]
    [MemberData(nameof(CmdletCatalog.Names), MemberType = typeof(CmdletCatalog))]
    public void Declares_an_output_type(string name)
    {
        Assert.NotEmpty(CmdletCatalog.Get(name).OutputTypes);
    }

    [Theory]
    [MemberData(nameof(CmdletCatalog.Names), MemberType = typeof(CmdletCatalog))]
    public void Changes_state_only_with_ShouldProcess(string name)
    {
        var cmdlet = CmdletCatalog.Get(name);
        if (StateChangingVerbs.Contains(cmdlet.Verb))
        {
            Assert.True(cmdlet.SupportsShouldProcess, $"{name} changes state and must declare SupportsShouldProcess.");
        }

        if (DestructiveVerbs.Contains(cmdlet.Verb))
        {
            Assert.Equal("High", cmdlet.ConfirmImpact);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletCatalog.Names), MemberType = typeof(CmdletCatalog))]
    public void Class_name_gives_the_documented_FullyQualifiedErrorId(string name)
    {
        var cmdlet = CmdletCatalog.Get(name);

        // FullyQualifiedErrorId is "<ErrorId>,<class full name>"; docs and Pester suites rely on this shape.
        Assert.Equal($"ZoneDelegation.Commands.{cmdlet.Verb}{cmdlet.Noun}Command", cmdlet.Type.FullName);
        Assert.True(cmdlet.Type.IsSealed && cmdlet.Type.IsPublic);
    }

    [Theory]
    [MemberData(nameof(CmdletCatalog.Names), MemberType = typeof(CmdletCatalog))]
    public void Parameters_follow_the_conventions(string name)
    {
        var cmdlet = CmdletCatalog.Get(name);
        foreach (var parameter in cmdlet.Parameters)
        {
            Assert.DoesNotContain(parameter.Name, ReservedParameterNames);
            Assert.NotEqual(typeof(bool), parameter.Type); // switches are SwitchParameter
            if (parameter.Name == "ComputeNode" && cmdlet.Name != "Get-ComputeNodeConnection")
            {
                // A name or a connection, bound by property name from any output object of the module.
                Assert.True(parameter.Type == typeof(ComputeNodeTarget) || parameter.Type == typeof(ComputeNodeTarget[]),
                    $"{name} -ComputeNode must be ComputeNodeTarget or ComputeNodeTarget[].");
                Assert.True(parameter.ByPropertyName, $"{name} -ComputeNode must bind by property name.");
            }

            if (parameter.Name == "ThrottleLimit")
            {
                // Nullable, so a blank CSV cell is "not given" (the default), never 0.
                Assert.Equal(typeof(int?), parameter.Type);
                Assert.Contains(parameter.Property.GetCustomAttributesData(), a => a.AttributeType.Name == "ValidateRangeIfGivenAttribute");
            }
        }

        // Position numbers are unique within each parameter set.
        var positions = cmdlet.Parameters
            .SelectMany(p => p.Sets.Where(s => s.Position is >= 0).Select(s => (Set: s.Name, s.Position, Parameter: p.Name)))
            .GroupBy(x => (x.Set, x.Position))
            .Where(g => g.Count() > 1 && g.Key.Set != "__AllParameterSets");
        Assert.Empty(positions);
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlet_classes()
    {
        var manifest = File.ReadAllText(RepositoryPaths.Manifest);
        var exported = HelpBuilder.ManifestStamper.ReadCmdletsToExport(manifest).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(CmdletCatalog.All.Select(c => c.Name).ToList(), exported);
        Assert.DoesNotContain(manifest.Split('\n'), line => line.Contains("ToExport") && line.Contains('*'));
        Assert.Contains("CompatiblePSEditions = @('Core')", manifest);
        Assert.Contains("RootModule           = 'ZoneDelegation.dll'", manifest);
    }

    [Fact]
    public void Core_has_no_reference_to_System_Management_Automation()
    {
        var core = typeof(ComputeNodeConnection).Assembly;
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation");
    }
}

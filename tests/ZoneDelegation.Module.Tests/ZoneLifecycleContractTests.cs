using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Module.Tests;

/// <summary>
/// Issue 9's cmdlets: what destroys data asks first, and the outputs of Get-SafeZone, Get-ZoneSnapshot and
/// New-ZoneSnapshot carry the properties the next cmdlet binds by name.
/// </summary>
public sealed class ZoneLifecycleContractTests
{
    [Theory]
    [InlineData("Restore-ZoneSnapshot")]
    [InlineData("Remove-ZoneSnapshot")]
    [InlineData("Update-ZoneImage")]
    public void What_destroys_data_is_ConfirmImpact_High(string name)
    {
        var cmdlet = CmdletCatalog.Get(name);

        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal("High", cmdlet.ConfirmImpact);
    }

    [Fact]
    public void New_ZoneSnapshot_plans_with_ShouldProcess()
    {
        Assert.True(CmdletCatalog.Get("New-ZoneSnapshot").SupportsShouldProcess);
    }

    [Theory]
    [InlineData("New-ZoneSnapshot", typeof(SafeZone), "Name")]
    [InlineData("Update-ZoneImage", typeof(SafeZone), "ImageUuid")]
    [InlineData("Remove-ZoneSnapshot", typeof(ZoneSnapshot), "")]
    [InlineData("Restore-ZoneSnapshot", typeof(ZoneSnapshot), "")]
    [InlineData("Remove-ZoneSnapshot", typeof(CreatedZoneSnapshot), "")]
    [InlineData("Restore-ZoneSnapshot", typeof(CreatedZoneSnapshot), "")]
    public void Every_mandatory_parameter_binds_from_the_upstream_output(string name, Type upstream, string givenOnTheLine)
    {
        var cmdlet = CmdletCatalog.Get(name);
        var properties = upstream.GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var parameter in cmdlet.Parameters.Where(p => p.Sets.Any(s => s.Mandatory) && p.Name != givenOnTheLine))
        {
            Assert.True(parameter.ByPropertyName, $"{name} -{parameter.Name} must bind by property name.");
            Assert.True(properties.Contains(parameter.Name) || parameter.Aliases.Any(properties.Contains),
                $"{upstream.Name} has no property for {name} -{parameter.Name}.");
        }

        Assert.Contains("ComputeNode", properties);
    }

    [Fact]
    public void Remove_ZoneSnapshot_also_binds_the_dataset_so_delegated_snapshots_are_recognised()
    {
        var dataset = CmdletCatalog.Get("Remove-ZoneSnapshot").Parameters.Single(p => p.Name == "Dataset");

        Assert.True(dataset.ByPropertyName);
        Assert.NotNull(typeof(ZoneSnapshot).GetProperty("Dataset"));
    }

    [Theory]
    [InlineData("Remove-ZoneSnapshot")]
    [InlineData("Restore-ZoneSnapshot")]
    public void There_is_no_recursive_switch(string name)
    {
        Assert.DoesNotContain(CmdletCatalog.Get(name).Parameters, p => p.Name is "Recurse" or "Recursive" or "DestroyClones");
    }
}

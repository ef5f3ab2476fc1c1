using System.Management.Automation;
using System.Reflection;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Module.Tests;

public sealed class ErrorModelTests
{
    [Fact]
    public void Every_core_category_exists_in_PowerShell_ErrorCategory()
    {
        var powershellNames = Enum.GetNames<ErrorCategory>().ToHashSet();
        foreach (var name in Enum.GetNames<ZoneErrorCategory>())
        {
            Assert.Contains(name, powershellNames);
        }
    }

    [Fact]
    public void Error_ids_are_unique_PascalCase_and_equal_to_their_names()
    {
        var fields = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();
        Assert.NotEmpty(fields);
        var values = fields.Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(values.Count, values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var field in fields)
        {
            var value = (string)field.GetRawConstantValue()!;
            Assert.Equal(field.Name, value);
            Assert.Matches("^[A-Z][A-Za-z0-9]+$", value);
        }
    }
}

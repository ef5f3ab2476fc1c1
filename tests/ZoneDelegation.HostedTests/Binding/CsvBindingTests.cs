using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Binding;

/// <summary>
/// Inventory CSVs bind by property name, and every cell is text: an empty or blank cell means "not
/// given", never 0 or "" (issue 7: a blank limit cell once created a zone with limits 0/0).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class CsvBindingTests(HostedSandbox sandbox)
{
    [TestbedFact]
    public void Blank_limit_cells_get_the_policy_limits_not_zero()
    {
        _ = sandbox.ComputeNode;
        var csv = WriteCsv("blank-limits.csv",
            "Alias,Brand,SnapshotLimit,FilesystemLimit,Quota,MaxPhysicalMemory,ImageUuid,OwnerUuid,LimitPriv,ComputeNode",
            $"csv-empty,joyent,,,,,,,,{HostedSandbox.ComputeNodeName}",
            $"csv-blank,joyent,  ,\t, , , , , ,{HostedSandbox.ComputeNodeName}");

        var zones = sandbox.Session.Invoke("Import-Csv -LiteralPath $args[0] | New-SafeZone", csv).ThrowIfFailed().Output;

        Assert.Equal(2, zones.Count);
        foreach (var zone in zones)
        {
            Assert.Equal(128L, Convert.ToInt64(zone.Properties["SnapshotLimit"].Value));
            Assert.Equal(32L, Convert.ToInt64(zone.Properties["FilesystemLimit"].Value));
            Assert.Equal(true, zone.Properties["IsSafe"].Value);
        }
    }

    [TestbedFact]
    public void Number_text_with_spaces_binds_as_the_number()
    {
        _ = sandbox.ComputeNode;
        var csv = WriteCsv("numbers.csv", "Alias,SnapshotLimit,FilesystemLimit,ComputeNode", $"csv-numbers, 64 ,16,{HostedSandbox.ComputeNodeName}");

        var zone = sandbox.Session.Invoke("Import-Csv -LiteralPath $args[0] | New-SafeZone -Brand joyent", csv).ThrowIfFailed().Output.Single();

        Assert.Equal(64L, Convert.ToInt64(zone.Properties["SnapshotLimit"].Value));
        Assert.Equal(16L, Convert.ToInt64(zone.Properties["FilesystemLimit"].Value));
    }

    [TestbedFact]
    public void Guid_text_binds_as_the_guid()
    {
        _ = sandbox.ComputeNode;
        const string owner = "930896af-bf8c-48d4-885c-6573a94b1853";
        var csv = WriteCsv("guid.csv", "Alias,OwnerUuid,ComputeNode", $"csv-owner, {owner} ,{HostedSandbox.ComputeNodeName}");

        var zone = sandbox.Session.Invoke("Import-Csv -LiteralPath $args[0] | New-SafeZone -Brand joyent", csv).ThrowIfFailed().Output.Single();

        Assert.Equal(owner, zone.Get<string>("OwnerUuid"));
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("True", true)]
    [InlineData(" 0 ", false)]
    [InlineData("yes", true)]
    public void Boolean_text_from_a_cell_sets_the_switch(string cell, bool expected)
    {
        var policy = Path.Combine(sandbox.WorkDirectory, $"policy-{Guid.NewGuid():N}.json");
        var csv = WriteCsv($"enabled-{Guid.NewGuid():N}.csv", "Enabled", $"\"{cell}\"");

        var result = sandbox.Session.Invoke(
            "$row = Import-Csv -LiteralPath $args[0]; Set-DelegationPolicy -Path $args[1] -Enabled $row.Enabled -PassThru -Confirm:$false",
            csv, policy).ThrowIfFailed().Output.Single();

        Assert.Equal(expected, result.Get<bool>("Enabled"));
    }

    [Fact]
    public void Other_text_for_a_switch_is_still_refused_and_changes_nothing()
    {
        var policy = Path.Combine(sandbox.WorkDirectory, $"policy-{Guid.NewGuid():N}.json");

        var error = sandbox.Session.Invoke("Set-DelegationPolicy -Path $args[0] -Enabled 'maybe' -Confirm:$false", policy).SingleError();

        Assert.StartsWith("CannotConvertArgument,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.False(File.Exists(policy));
    }

    private string WriteCsv(string name, params string[] lines)
    {
        var path = Path.Combine(sandbox.WorkDirectory, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}

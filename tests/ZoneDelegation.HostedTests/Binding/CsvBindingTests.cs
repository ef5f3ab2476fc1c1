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

    private string WriteCsv(string name, params string[] lines)
    {
        var path = Path.Combine(sandbox.WorkDirectory, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}

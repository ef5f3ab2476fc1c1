using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Views;

/// <summary>
/// Every default view of the format file, through Out-String at 80 and 120 columns, on objects the
/// cmdlets really returned from a sandbox CN: no line wider than the console, every column label
/// whole on the header line (never broken one letter per line), and a row under it.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class DefaultViewTests(HostedSandbox sandbox)
{
    /// <summary>A script that makes the cmdlets return at least one object of each type the format file has a view for.</summary>
    private static readonly Dictionary<string, string> SampleScripts = new(StringComparer.Ordinal)
    {
        ["ZoneDelegation.Core.Connections.ComputeNodeConnection"] = "Get-ComputeNodeConnection -ComputeNode hosted-cn",
        ["ZoneDelegation.Core.Platform.PlatformSupport"] = "Test-PlatformSupport -ComputeNode hosted-cn",
        ["ZoneDelegation.Core.Policy.DelegationPolicyInfo"] = "Get-DelegationPolicy",
        ["ZoneDelegation.Core.Zones.SafeZone"] = "Get-SafeZone -ComputeNode hosted-cn -Alias view-zone",
        ["ZoneDelegation.Core.Limits.DatasetLimit"] = "Get-SafeZone -ComputeNode hosted-cn -Alias view-zone | Get-DatasetLimit",
        ["ZoneDelegation.Core.Snapshots.ZoneSnapshot"] = "Get-SafeZone -ComputeNode hosted-cn -Alias view-zone | Get-ZoneSnapshot",
        ["ZoneDelegation.Core.Compliance.ZoneCompliance"] = "Get-SafeZone -ComputeNode hosted-cn -Alias view-zone | Test-ZoneCompliance",
        ["ZoneDelegation.Core.Compliance.ZoneRepairResult"] = "Get-SafeZone -ComputeNode hosted-cn -Alias view-zone | Repair-SafeZone -Confirm:$false",
        ["ZoneDelegation.Core.Snapshots.CreatedZoneSnapshot"] =
            "Get-SafeZone -ComputeNode hosted-cn -Alias view-zone | New-ZoneSnapshot -Name \"view-$([guid]::NewGuid().ToString('N').Substring(0, 8))\" -WarningAction SilentlyContinue",
        ["ZoneDelegation.Core.Snapshots.ZoneSnapshotRestore"] =
            "Get-SafeZone -ComputeNode hosted-cn -Alias view-zone | Get-ZoneSnapshot -Scope Root -Name vmsnap-before-upgrade | Restore-ZoneSnapshot -Confirm:$false",
        ["ZoneDelegation.Core.Reprovision.ZoneReprovision"] =
            $"Get-SafeZone -ComputeNode hosted-cn -Alias view-reprovision | Update-ZoneImage -ImageUuid {ViewImage} -Confirm:$false",
        ["ZoneDelegation.Core.BootEnvironments.ZoneBootEnvironment"] = "Get-ZoneBootEnvironment -ComputeNode hosted-il -Zone z1",
        ["ZoneDelegation.Core.BootEnvironments.ZoneBootStatus"] = "Test-ZoneBootEnvironment -ComputeNode hosted-il -Zone z1",
    };

    /// <summary>An image "installed" on the sandbox CN (a dataset with @final) for the reprovision sample.</summary>
    private const string ViewImage = "0b8f2c4e-9a4d-4f55-8d1e-5c1f2a3b4c5d";

    public static TheoryData<string, int> ViewsAndWidths()
    {
        var data = new TheoryData<string, int>();
        foreach (var type in SampleScripts.Keys)
        {
            data.Add(type, 80);
            data.Add(type, 120);
        }

        return data;
    }

    [Fact]
    public void Every_view_in_the_format_file_has_a_sample()
    {
        var viewed = sandbox.Session.Invoke(
            "Get-FormatData -TypeName 'ZoneDelegation.*' | ForEach-Object TypeNames | Sort-Object -Unique").ThrowIfFailed()
            .Output.Select(o => o.ToString()).ToList();

        Assert.NotEmpty(viewed);
        Assert.Empty(viewed.Except(SampleScripts.Keys));
    }

    [TestbedTheory]
    [MemberData(nameof(ViewsAndWidths))]
    public void The_default_view_fits_and_keeps_its_headers_whole(string typeName, int width)
    {
        EnsureSampleZone();
        var result = sandbox.Session.Invoke(
            """
            $script, $typeName, $width = $args
            $objects = @(& ([scriptblock]::Create($script)))
            $view = (Get-FormatData -TypeName $typeName).FormatViewDefinition | Select-Object -First 1
            $labels = @(if ($view.Control -is [System.Management.Automation.TableControl]) {
                $view.Control.Headers | ForEach-Object Label
            } else {
                $view.Control.Entries[0].Items | ForEach-Object { if ($_.Label) { $_.Label } else { $_.DisplayEntry.Value } }
            })
            [pscustomobject]@{
                Count  = $objects.Count
                Types  = @($objects | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique)
                Table  = $view.Control -is [System.Management.Automation.TableControl]
                Labels = $labels
                Text   = ($objects | Out-String -Width $width)
            }
            """, SampleScripts[typeName], typeName, width).ThrowIfFailed().Output.Single();

        Assert.True(result.Get<int>("Count") > 0, $"the sample script returned nothing for {typeName}");
        Assert.Contains(typeName, result.Get<string[]>("Types"));
        var text = result.Get<string>("Text");
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r', ' ')).Where(line => line.Length > 0).ToList();
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{typeName} at {width}: a line of {line.Length} columns:\n{text}"));

        var labels = result.Get<string[]>("Labels").ToList();
        Assert.NotEmpty(labels);
        if (result.Get<bool>("Table"))
        {
            var header = lines[0];
            foreach (var label in labels)
            {
                Assert.True(System.Text.RegularExpressions.Regex.IsMatch(header, $@"(^|\s){label}(\s|$)"),
                    $"{typeName} at {width}: the header line lacks '{label}' whole:\n{text}");
            }

            Assert.Matches("^-+( +-+)*$", lines[1]);
            Assert.True(lines.Count >= 3, $"{typeName} at {width}: no row under the header:\n{text}");
        }
        else
        {
            foreach (var label in labels)
            {
                Assert.Contains(lines, line => line.StartsWith(label, StringComparison.Ordinal) && line.Contains(" : ", StringComparison.Ordinal));
            }
        }
    }

    private void EnsureSampleZone()
    {
        _ = sandbox.IllumosComputeNode;
        var cn = sandbox.ComputeNode;
        var exists = sandbox.Session.Invoke("@(Get-SafeZone -ComputeNode hosted-cn -Alias view-zone).Count").ThrowIfFailed().Output.Single();
        if ((int)exists.BaseObject == 0)
        {
            var zone = sandbox.Session.Invoke("New-SafeZone -ComputeNode hosted-cn -Alias view-zone -Brand joyent -Quota 10GB").ThrowIfFailed().Output.Single();
            var uuid = zone.Get<string>("Uuid");
            HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{uuid}@vmsnap-before-upgrade");
        }

        // The reprovision sample gets a zone of its own: a reprovision destroys the root snapshots the other samples read.
        var reprovisionZone = sandbox.Session.Invoke("@(Get-SafeZone -ComputeNode hosted-cn -Alias view-reprovision).Count").ThrowIfFailed().Output.Single();
        if ((int)reprovisionZone.BaseObject == 0)
        {
            HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "create", $"{cn.Pool}/{ViewImage}");
            HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{ViewImage}@final");
            sandbox.Session.Invoke("New-SafeZone -ComputeNode hosted-cn -Alias view-reprovision -Brand joyent").ThrowIfFailed();
        }
    }
}

using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Views;

/// <summary>
/// Every default view of the format file, through Out-String at 80 and 120 columns, on objects the
/// cmdlets really returned from sandbox CNs with names as long as a fleet's (a 31-character CN name,
/// a 35-character alias): no line wider than the console, no value cut ("…"), the CN name and the
/// alias whole, every column label whole on the header line (never broken one letter per line), and a row under it.
/// At 80 columns each view is also checked on the objects as PowerShell remoting returns them (serialized and
/// deserialized at remoting's depth: type names "Deserialized.…"), which a runner per data center hands back:
/// PowerShell picks the live type's view for them (its formatter retries without the prefix,
/// Deserializer.MaskDeserializationPrefix), so the text must be the live objects' text, column for column:
/// a view that reached into a nested object or called a method would not survive the trip.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class DefaultViewTests(HostedSandbox sandbox)
{
    /// <summary>
    /// A script that makes the cmdlets return at least one object of each type the format file has a
    /// view for: $cn is the long-named smartos CN, $il the long-named illumos one, $alias the long alias.
    /// </summary>
    private static readonly Dictionary<string, string> SampleScripts = new(StringComparer.Ordinal)
    {
        ["ZoneDelegation.Core.Connections.ComputeNodeConnection"] = "Get-ComputeNodeConnection -ComputeNode $cn",
        ["ZoneDelegation.Core.Platform.PlatformSupport"] = "Test-PlatformSupport -ComputeNode $cn",
        ["ZoneDelegation.Core.Placement.ComputeNodeCapacity"] = "Get-ComputeNodeCapacity -ComputeNode $cn",
        ["ZoneDelegation.Core.Policy.DelegationPolicyInfo"] = "Get-DelegationPolicy",
        ["ZoneDelegation.Core.Zones.SafeZone"] = "Get-SafeZone -ComputeNode $cn -Alias $alias",
        ["ZoneDelegation.Core.Limits.DatasetLimit"] = "Get-SafeZone -ComputeNode $cn -Alias $alias | Get-DatasetLimit",
        ["ZoneDelegation.Core.Snapshots.ZoneSnapshot"] = "Get-SafeZone -ComputeNode $cn -Alias $alias | Get-ZoneSnapshot",
        ["ZoneDelegation.Core.Compliance.ZoneCompliance"] = "Get-SafeZone -ComputeNode $cn -Alias $alias | Test-ZoneCompliance",
        ["ZoneDelegation.Core.Compliance.ZoneRepairResult"] = "Get-SafeZone -ComputeNode $cn -Alias $alias | Repair-SafeZone -Confirm:$false",
        ["ZoneDelegation.Core.Snapshots.CreatedZoneSnapshot"] =
            "Get-SafeZone -ComputeNode $cn -Alias $alias | New-ZoneSnapshot -Name \"view-$([guid]::NewGuid().ToString('N').Substring(0, 8))\" -WarningAction SilentlyContinue",
        ["ZoneDelegation.Core.Snapshots.ZoneSnapshotRestore"] =
            "Get-SafeZone -ComputeNode $cn -Alias $alias | Get-ZoneSnapshot -Scope Root -Name vmsnap-before-upgrade | Restore-ZoneSnapshot -Confirm:$false",
        ["ZoneDelegation.Core.Reprovision.ZoneReprovision"] =
            $"Get-SafeZone -ComputeNode $cn -Alias view-reprovision | Update-ZoneImage -ImageUuid {ViewImage} -Confirm:$false",
        ["ZoneDelegation.Core.BootEnvironments.ZoneBootEnvironment"] = "Get-ZoneBootEnvironment -ComputeNode $il -Zone z1",
        ["ZoneDelegation.Core.BootEnvironments.ZoneBootStatus"] = "Test-ZoneBootEnvironment -ComputeNode $il -Zone z1",
    };

    /// <summary>
    /// What the operator must see in a default view beyond its own labels (issue 17 item 11): each property either
    /// a column of the table or a group line "Property: value" above it.
    /// </summary>
    private static readonly Dictionary<string, string[]> MustShow = new(StringComparer.Ordinal)
    {
        ["ZoneDelegation.Core.Snapshots.ZoneSnapshot"] = ["ComputeNode", "Zone", "Scope", "Name", "Created", "Used"],
        ["ZoneDelegation.Core.Snapshots.ZoneSnapshotRestore"] = ["ComputeNode", "Zone", "Snapshot", "State", "Restarted"],
    };

    /// <summary>An image "installed" on the sandbox CN (a dataset with @final) for the reprovision sample.</summary>
    private const string ViewImage = "0b8f2c4e-9a4d-4f55-8d1e-5c1f2a3b4c5d";

    public static TheoryData<string, int, bool> ViewsAndWidths()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var type in SampleScripts.Keys)
        {
            data.Add(type, 80, false);
            data.Add(type, 120, false);
            data.Add(type, 80, true);
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
    public void The_default_view_fits_and_keeps_its_headers_whole(string typeName, int width, bool deserialized)
    {
        EnsureSampleZone();
        var result = sandbox.Session.Invoke(
            """
            $script, $typeName, $width, $cn, $il, $alias, $mustShow, $deserialized = $args
            $objects = @(& ([scriptblock]::Create($script)))
            $liveText = $objects | Out-String -Width $width
            if ($deserialized) {
                # What Invoke-Command hands back: serialized at remoting's default depth, then deserialized.
                $objects = @($objects | ForEach-Object {
                    [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_))
                })
            }
            $view = (Get-FormatData -TypeName $typeName).FormatViewDefinition | Select-Object -First 1
            $labels = @(if ($view.Control -is [System.Management.Automation.TableControl]) {
                $view.Control.Headers | ForEach-Object Label
            } else {
                $view.Control.Entries[0].Items | ForEach-Object { if ($_.Label) { $_.Label } else { $_.DisplayEntry.Value } }
            })
            [pscustomobject]@{
                Count  = $objects.Count
                Types  = @($objects | ForEach-Object { $_.PSObject.TypeNames[0] } | Sort-Object -Unique)
                Table  = $view.Control -is [System.Management.Automation.TableControl]
                Labels = $labels
                ComputeNode = [string]$objects[0].ComputeNode
                Alias  = [string]$objects[0].Alias
                Values = @($mustShow | ForEach-Object { [string]$objects[0].$_ })
                Text   = ($objects | Out-String -Width $width)
                LiveText = $liveText
            }
            """, SampleScripts[typeName], typeName, width, HostedSandbox.LongComputeNodeName, HostedSandbox.LongIllumosComputeNodeName,
            HostedSandbox.LongAlias, MustShow.GetValueOrDefault(typeName, []), deserialized).ThrowIfFailed().Output.Single();

        Assert.True(result.Get<int>("Count") > 0, $"the sample script returned nothing for {typeName}");
        Assert.Contains(deserialized ? "Deserialized." + typeName : typeName, result.Get<string[]>("Types"));
        var text = result.Get<string>("Text");
        if (deserialized)
        {
            Assert.Equal(result.Get<string>("LiveText"), text);
        }

        var lines = text.Split('\n').Select(line => line.TrimEnd('\r', ' ')).Where(line => line.Length > 0).ToList();
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{typeName} at {width}: a line of {line.Length} columns:\n{text}"));
        Assert.False(text.Contains('…', StringComparison.Ordinal), $"{typeName} at {width}: a value is cut:\n{text}");
        if (result.Get<string>("ComputeNode") is { Length: > 0 } computeNode)
        {
            Assert.True(computeNode.Length > 30, $"{typeName}: the sample CN name {computeNode} is not a long one");
            Assert.True(text.Contains(computeNode, StringComparison.Ordinal), $"{typeName} at {width}: the CN name is not whole:\n{text}");
        }

        if (width >= 120 && result.Get<string>("Alias") is { Length: > 0 } alias && result.Get<string[]>("Labels").Contains("Alias"))
        {
            Assert.True(text.Contains(alias, StringComparison.Ordinal), $"{typeName} at {width}: the alias is not whole:\n{text}");
        }

        var labels = result.Get<string[]>("Labels").ToList();
        Assert.NotEmpty(labels);
        if (result.Get<bool>("Table"))
        {
            // Zone tables are grouped by ComputeNode: the header is the line above the dashes, under the group line.
            var dashes = lines.FindIndex(line => System.Text.RegularExpressions.Regex.IsMatch(line, "^-+( +-+)*$"));
            Assert.True(dashes > 0, $"{typeName} at {width}: no header underline:\n{text}");
            var header = lines[dashes - 1];
            foreach (var label in labels)
            {
                Assert.True(System.Text.RegularExpressions.Regex.IsMatch(header, $@"(^|\s){label}(\s|$)"),
                    $"{typeName} at {width}: the header line lacks '{label}' whole:\n{text}");
            }

            Assert.True(lines.Count > dashes + 1, $"{typeName} at {width}: no row under the header:\n{text}");
            var mustShow = MustShow.GetValueOrDefault(typeName, []);
            var values = result.Get<string[]>("Values");
            for (var i = 0; i < mustShow.Length; i++)
            {
                var property = mustShow[i];
                var column = System.Text.RegularExpressions.Regex.IsMatch(header, $@"(^|\s){property}(\s|$)");
                var groupLine = lines.Take(dashes - 1).Any(line => System.Text.RegularExpressions.Regex.IsMatch(
                    line, $@"^\s*{property}:\s+{System.Text.RegularExpressions.Regex.Escape(values[i])}$"));
                Assert.True(column || groupLine, $"{typeName} at {width}: {property} is neither a column nor a group line:\n{text}");
            }
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
        _ = sandbox.LongNamedIllumosComputeNode();
        var cn = sandbox.LongNamedComputeNode();
        var uuid = sandbox.Session.Invoke("(Get-SafeZone -ComputeNode $args[0] -Alias $args[1]).Uuid", HostedSandbox.LongComputeNodeName, HostedSandbox.LongAlias)
            .ThrowIfFailed().Output.Single().ToString();
        if (!HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "list", "-H", "-o", "name", "-t", "snapshot", "-r", $"{cn.Pool}/{uuid}").Contains("@vmsnap-before-upgrade", StringComparison.Ordinal))
        {
            HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{uuid}@vmsnap-before-upgrade");
        }

        // The reprovision sample gets a zone of its own: a reprovision destroys the root snapshots the other samples read.
        var reprovisionZone = sandbox.Session.Invoke("@(Get-SafeZone -ComputeNode $args[0] -Alias view-reprovision).Count", HostedSandbox.LongComputeNodeName)
            .ThrowIfFailed().Output.Single();
        if ((int)reprovisionZone.BaseObject == 0)
        {
            HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "create", $"{cn.Pool}/{ViewImage}");
            HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{ViewImage}@final");
            sandbox.Session.Invoke("New-SafeZone -ComputeNode $args[0] -Alias view-reprovision -Brand joyent -Confirm:$false", HostedSandbox.LongComputeNodeName).ThrowIfFailed();
        }
    }
}

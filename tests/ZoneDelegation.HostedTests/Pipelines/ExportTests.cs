using System.Text.Json.Nodes;

namespace ZoneDelegation.HostedTests.Pipelines;

/// <summary>
/// What an operator exports is readable and carries nothing internal: Export-Csv writes lists and
/// finding codes as text (not System.String[]), ConvertTo-Json writes enums by name and no transport
/// (control socket, process ids, key file), Format-List * shows no type names, and a CSV of the audit
/// feeds Repair-SafeZone by property name. On the long-named sandbox CN, with a plain delegated zone
/// (no limits, sys_fs_import kept).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ExportTests(HostedSandbox sandbox)
{
    private const string PlainAlias = "export-plain";

    private static string Cn => HostedSandbox.LongComputeNodeName;

    [TestbedFact]
    public void Export_Csv_writes_delegated_datasets_and_finding_codes_as_text()
    {
        var (cn, zone) = PlainZone();
        var csv = sandbox.Session.Invoke(
            """
            $cn, $alias = $args
            $zone = Get-SafeZone -ComputeNode $cn -Alias $alias
            [pscustomobject]@{
                Zone  = ($zone | ConvertTo-Csv) -join "`n"
                Audit = ($zone | Test-ZoneCompliance | ConvertTo-Csv) -join "`n"
                Codes = ($zone | Test-ZoneCompliance | ConvertTo-Csv | ConvertFrom-Csv).FindingCodes
            }
            """, Cn, PlainAlias).ThrowIfFailed().Output.Single();

        Assert.DoesNotContain("System.", csv.Get<string>("Zone"), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", csv.Get<string>("Audit"), StringComparison.Ordinal);
        Assert.Contains($"\"{cn.Pool}/{zone}/data\"", csv.Get<string>("Zone"), StringComparison.Ordinal);
        Assert.Contains("ReceiveAllowed: ", csv.Get<string>("Audit"), StringComparison.Ordinal);
        Assert.Equal("ReceiveAllowed, SnapshotLimitMissing, FilesystemLimitMissing", csv.Get<string>("Codes"));
    }

    [TestbedFact]
    public void A_CSV_of_the_audit_plans_the_repair_of_the_zones_it_lists()
    {
        var (_, zone) = PlainZone();
        var file = Path.Combine(sandbox.WorkDirectory, "audit.csv");
        sandbox.Session.Invoke("Get-SafeZone -ComputeNode $args[0] -Alias $args[1] | Test-ZoneCompliance | Export-Csv -LiteralPath $args[2]",
            Cn, PlainAlias, file).ThrowIfFailed();
        var rows = sandbox.Session.Invoke("Import-Csv -LiteralPath $args[0]", file).ThrowIfFailed().Output;
        Assert.Equal("ReceiveAllowed, SnapshotLimitMissing, FilesystemLimitMissing", Assert.Single(rows).Get<string>("FindingCodes"));

        sandbox.Host.Clear();
        var whatIf = sandbox.HostedSession.Invoke("Import-Csv -LiteralPath $args[0] | Repair-SafeZone -WhatIf", file).ThrowIfFailed();

        Assert.Empty(whatIf.Errors);
        var text = string.Join("\n", sandbox.Host.Lines);
        Assert.Contains("What if:", text, StringComparison.Ordinal);
        Assert.Contains($"'vmadm' 'update' '{zone}'", text, StringComparison.Ordinal);
        Assert.Contains(Cn, text, StringComparison.Ordinal);
    }

    [TestbedFact]
    public void ConvertTo_Json_writes_enums_by_name_and_nothing_of_the_transport()
    {
        var (cn, zone) = PlainZone();
        _ = sandbox.LongNamedIllumosComputeNode();
        HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{zone}@export-{Guid.NewGuid():N}");
        var json = sandbox.Session.Invoke(
            """
            $cn, $alias, $il = $args
            $zone = Get-SafeZone -ComputeNode $cn -Alias $alias
            [pscustomobject]@{
                Connection = Get-ComputeNodeConnection -ComputeNode $cn | ConvertTo-Json -Depth 6
                Audit      = $zone | Test-ZoneCompliance | ConvertTo-Json -Depth 6
                Snapshot   = $zone | Get-ZoneSnapshot -Scope Root | Select-Object -First 1 | ConvertTo-Json
                Boot       = Test-ZoneBootEnvironment -ComputeNode $il -Zone z1 | ConvertTo-Json
            }
            """, Cn, PlainAlias, HostedSandbox.LongIllumosComputeNodeName).ThrowIfFailed().Output.Single();

        var connection = json.Get<string>("Connection");
        Assert.Equal("Ssh", JsonNode.Parse(connection)!["Kind"]!.GetValue<string>());
        Assert.Equal("Strict", JsonNode.Parse(connection)!["HostKeyPolicy"]!.GetValue<string>());
        foreach (var secret in new[] { "Transport", "ControlSocket", "ProcessId", "IdentityFile", cn.IdentityFile })
        {
            Assert.DoesNotContain(secret, connection, StringComparison.Ordinal);
        }

        Assert.Equal("ReceiveAllowed", JsonNode.Parse(json.Get<string>("Audit"))!["Findings"]![0]!["Code"]!.GetValue<string>());
        Assert.Equal("Root", JsonNode.Parse(json.Get<string>("Snapshot"))!["Scope"]!.GetValue<string>());
        Assert.Equal("Bootable", JsonNode.Parse(json.Get<string>("Boot"))!["Status"]!.GetValue<string>());
    }

    [TestbedFact]
    public void Format_List_star_shows_values_not_type_names_or_the_transport()
    {
        _ = PlainZone();
        var text = sandbox.Session.Invoke(
            """
            $cn = $args[0]
            @(Get-ComputeNodeConnection -ComputeNode $cn; Get-DelegationPolicy; Test-PlatformSupport -ComputeNode $cn) |
                Format-List * | Out-String -Width 200
            """, Cn).ThrowIfFailed().Output.Single().ToString();

        Assert.DoesNotMatch(@"(?m)^Transport\s*:", text);
        Assert.DoesNotContain("System.Collections", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ReadOnlyCollection", text, StringComparison.Ordinal);
    }

    /// <summary>The plain zone on the long-named CN (no test here repairs it: Repair-SafeZone only runs with -WhatIf).</summary>
    private (TestbedCn Cn, string Zone) PlainZone()
    {
        var cn = sandbox.LongNamedComputeNode();
        var existing = sandbox.Session.Invoke("Get-SafeZone -ComputeNode $args[0] -Alias $args[1] | ForEach-Object Uuid", Cn, PlainAlias).ThrowIfFailed().Output;
        var zone = existing.Count > 0
            ? existing[0].ToString()
            : HostedSandbox.CreateZone(cn, new JsonObject { ["brand"] = "joyent", ["alias"] = PlainAlias, ["delegate_dataset"] = true });
        return (cn, zone);
    }
}

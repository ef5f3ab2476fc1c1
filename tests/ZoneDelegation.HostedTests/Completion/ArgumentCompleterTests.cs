namespace ZoneDelegation.HostedTests.Completion;

/// <summary>Tab completion as the prompt asks for it (TabExpansion2), against the sandbox CN.</summary>
[Collection(HostedCollection.Name)]
public sealed class ArgumentCompleterTests(HostedSandbox sandbox)
{
    [TestbedFact]
    public void ComputeNode_completes_the_open_connections()
    {
        _ = sandbox.ComputeNode;

        var completions = Complete("Get-SafeZone -ComputeNode hosted");

        Assert.Contains(HostedSandbox.ComputeNodeName, completions);
        Assert.All(completions, c => Assert.StartsWith("hosted", c, StringComparison.OrdinalIgnoreCase));
    }

    [TestbedFact]
    public void Zone_completes_uuids_by_uuid_or_alias_and_shows_the_alias()
    {
        _ = sandbox.ComputeNode;
        var uuid = sandbox.Session.Invoke(
            """
            $zone = Get-SafeZone -ComputeNode hosted-cn -Alias completer-zone
            if (-not $zone) { $zone = New-SafeZone -ComputeNode hosted-cn -Alias completer-zone -Brand joyent }
            $zone.Uuid
            """).ThrowIfFailed().Output.Single().ToString();

        var byAlias = sandbox.Session.Invoke(
            "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object { '{0}|{1}' -f $_.CompletionText, $_.ListItemText }",
            "Get-ZoneSnapshot -ComputeNode hosted-cn -Zone completer-z").ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
        var byUuid = Complete($"Get-DatasetLimit -ComputeNode hosted-cn -Zone {uuid[..8]}");

        Assert.Equal([$"{uuid}|{uuid} (completer-zone)"], byAlias);
        Assert.Contains(uuid, byUuid);
    }

    [TestbedFact]
    public void Snapshot_name_completes_the_zones_snapshots()
    {
        var cn = sandbox.ComputeNode;
        var uuid = sandbox.Session.Invoke(
            """
            $zone = Get-SafeZone -ComputeNode hosted-cn -Alias completer-snap
            if (-not $zone) { $zone = New-SafeZone -ComputeNode hosted-cn -Alias completer-snap -Brand joyent }
            $zone.Uuid
            """).ThrowIfFailed().Output.Single().ToString();
        HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{uuid}@nightly-1");
        HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{uuid}@nightly-2");
        HostedSandbox.RunOnCn(cn, "/usr/sbin/zfs", "snapshot", $"{cn.Pool}/{uuid}@weekly-1");

        var completions = Complete($"Get-ZoneSnapshot -ComputeNode hosted-cn -Zone {uuid} -Name night");

        Assert.Equal(["nightly-1", "nightly-2"], completions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Valid_values_complete_for_optional_choices()
    {
        Assert.Equal(["joyent", "joyent-minimal"], Complete("New-SafeZone -Brand joy"));
        Assert.Equal(["Delegated"], Complete("Get-ZoneSnapshot -Scope Del"));
    }

    /// <summary>
    /// Issue 17 item 11: -Brand offered kvm, bhyve and builder, which New-SafeZone refuses. Every brand the
    /// parameter validates is tried with -WhatIf: the completion offers exactly those New-SafeZone accepts.
    /// </summary>
    [TestbedFact]
    public void Brand_completes_exactly_the_brands_New_SafeZone_accepts()
    {
        _ = sandbox.ComputeNode;
        var accepted = sandbox.Session.Invoke(
            """
            $brands = (Get-Command New-SafeZone).Parameters['Brand'].Attributes |
                Where-Object { $_.GetType().Name -eq 'ValidateSetIfGivenAttribute' } | ForEach-Object ValidValues
            if (@($brands).Count -lt 4) { throw "New-SafeZone -Brand validates only: $brands" }
            foreach ($brand in $brands) {
                $Error.Clear()
                New-SafeZone -ComputeNode $args[0] -Alias "brand-$brand" -Brand $brand -WhatIf -ErrorAction SilentlyContinue | Out-Null
                if ($Error.Count -eq 0) { $brand }
            }
            """, HostedSandbox.ComputeNodeName).ThrowIfFailed().Output.Select(o => o.ToString()).ToList();

        var completed = Complete("New-SafeZone -Brand ");

        Assert.NotEmpty(accepted);
        Assert.Equal(accepted.Order(StringComparer.Ordinal), completed.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Issue 17 item 11: -Alias and -OwnerUuid completed the file names of the current folder. New-SafeZone's are
    /// new values (nothing to offer); Get-SafeZone -Alias offers the aliases the CN's zones carry.
    /// </summary>
    [TestbedFact]
    public void Alias_and_OwnerUuid_never_complete_file_names()
    {
        _ = sandbox.ComputeNode;
        var folder = Directory.CreateTempSubdirectory("zd-completion-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "completer-file.txt"), "not a zone");
            sandbox.Session.Invoke(
                """
                if (-not (Get-SafeZone -ComputeNode hosted-cn -Alias completer-alias)) {
                    New-SafeZone -ComputeNode hosted-cn -Alias completer-alias -Brand joyent -Confirm:$false | Out-Null
                }
                """).ThrowIfFailed();
            sandbox.Session.Invoke("Push-Location -LiteralPath $args[0]", folder.FullName).ThrowIfFailed();
            try
            {
                Assert.Contains("./completer-file.txt", Complete("Get-Content "));
                foreach (var line in new[] { "New-SafeZone -ComputeNode hosted-cn -Alias ", "New-SafeZone -ComputeNode hosted-cn -OwnerUuid ",
                             "Get-SafeZone -ComputeNode hosted-cn -OwnerUuid ", "Get-SafeZone -ComputeNode hosted-cn -Alias " })
                {
                    Assert.DoesNotContain(Complete(line), c => c.Contains("completer-file", StringComparison.Ordinal));
                }

                Assert.Equal(["completer-alias"], Complete("Get-SafeZone -ComputeNode hosted-cn -Alias completer-a"));
            }
            finally
            {
                sandbox.Session.Invoke("Pop-Location").ThrowIfFailed();
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static readonly string[] HostileAliases = ["q\u2019;Write-Output pwned;\u2019", "q\u201b+(Write-Output pwned)+\u2018", "-Force"];

    /// <summary>
    /// An alias is the tenant's to choose. PowerShell reads the typographic quotes U+2018 to U+201B as single quotes,
    /// so an alias holding one could close the completed string and put a command on the operator's line; an alias
    /// starting with '-' would bind as a parameter. Each completes to one string literal whose value is the alias.
    /// (A CN of its own, its zones all made before the first Tab: completion keeps what it fetched for 30 s.)
    /// </summary>
    [TestbedTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_hostile_alias_completes_to_one_string_literal(int which)
    {
        const string cn = "hostile-alias-cn";
        sandbox.DedicatedComputeNode(cn, shortName: "hhostile");
        foreach (var hostile in HostileAliases)
        {
            sandbox.Session.Invoke(
                """
                if (-not (Get-SafeZone -ComputeNode $args[0] -Alias $args[1])) {
                    New-SafeZone -ComputeNode $args[0] -Alias $args[1] -Brand joyent -Quota 0 -Confirm:$false | Out-Null
                }
                """, cn, hostile).ThrowIfFailed();
        }

        var alias = HostileAliases[which];
        var result = sandbox.Session.Invoke(
            """
            $line = "Get-SafeZone -ComputeNode $($args[0]) -Alias "
            $found = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Where-Object ListItemText -eq $args[1])
            $tokens = $null; $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($found[0].CompletionText, [ref]$tokens, [ref]$errors)
            [pscustomobject]@{
                Count = $found.Count
                Kinds = @($tokens | Where-Object Kind -ne 'EndOfInput' | ForEach-Object { $_.Kind.ToString() })
                Value = [string]$tokens[0].Value
            }
            """, cn, alias).ThrowIfFailed().Output.Single();

        Assert.Equal(1, result.Get<int>("Count"));
        Assert.Equal(["StringLiteral"], result.Get<string[]>("Kinds"));
        Assert.Equal(alias, result.Get<string>("Value"));
    }

    private List<string> Complete(string line) =>
        sandbox.Session.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
            .ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
}

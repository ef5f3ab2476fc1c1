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

    private List<string> Complete(string line) =>
        sandbox.Session.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", line)
            .ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
}

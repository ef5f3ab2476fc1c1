using System.Text.RegularExpressions;

namespace ZoneDelegation.HostedTests.Notices;

/// <summary>
/// Issue 17 item 4: -Verbose shows every remote command a cmdlet runs (the command line as -WhatIf prints it, the
/// CN, the outcome and the duration) and how a connection's ssh master started; -Debug shows what the caches
/// decided; and no cmdlet ends under -Debug when nobody can answer the questions PowerShell's -Debug adds after a
/// warning (this session's runspace has no host UI: a question fails there as it does at a console whose stdin is
/// at end of file).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class VerboseAndDebugTests(HostedSandbox sandbox)
{
    private const string Connect =
        """
        $cn, $name = $args
        Connect-ComputeNode -HostName $cn.Address -Port $cn.Port -User $cn.User -IdentityFile $cn.IdentityFile `
            -KnownHostsFile $cn.KnownHostsFile -SshConfigFile /dev/null -Name $name -ErrorAction Stop -Verbose
        """;

    /// <summary>A command's verbose line: <c>cn: LC_ALL=C 'program' ... (exit N, M ms)</c>.</summary>
    private static Regex CommandLine(string computeNode, string program) =>
        new("^" + Regex.Escape($"{computeNode}: LC_ALL=C '{program}'") + @".* \(exit \d+, \d+ ms\)$");

    [TestbedFact]
    public void Connect_and_reads_write_each_command_with_its_CN_outcome_and_duration_to_the_verbose_stream()
    {
        const string name = "verbose-cn";
        var cn = sandbox.ComputeNode;
        try
        {
            var connected = sandbox.Session.Invoke(Connect, cn, name).ThrowIfFailed();
            var master = Assert.Single(connected.Verbose);
            Assert.Matches("^" + Regex.Escape($"{name}: ssh ControlMaster: '") + @".*ssh' .*'-M' .* \(connected, \d+ ms\)$", master);
            // The key's path is part of the command line; what is in the key never is.
            foreach (var keyLine in File.ReadAllLines(cn.IdentityFile).Where(line => !line.StartsWith("-----", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(keyLine, master, StringComparison.Ordinal);
            }

            var platform = sandbox.Session.Invoke("Test-PlatformSupport -ComputeNode $args[0] -Verbose", name).ThrowIfFailed();
            Assert.NotEmpty(platform.Output);
            foreach (var program in new[] { "sysinfo", "zpool", "ppriv" })
            {
                Assert.Contains(platform.Verbose, line => CommandLine(name, program).IsMatch(line));
            }

            var zones = sandbox.Session.Invoke("Get-SafeZone -ComputeNode $args[0] -Zone $args[1] -Verbose", name, sandbox.Zone).ThrowIfFailed();
            Assert.Single(zones.Output);
            Assert.Contains(zones.Verbose, line => CommandLine(name, "vmadm").IsMatch(line) && line.Contains("'lookup'", StringComparison.Ordinal));
            Assert.Empty(zones.Debug);
        }
        finally
        {
            sandbox.Session.Invoke("Disconnect-ComputeNode -ComputeNode $args[0] -Confirm:$false -ErrorAction SilentlyContinue", name);
        }
    }

    [TestbedFact]
    public void Debug_shows_the_cache_decisions_and_the_command_lines_without_asking()
    {
        const string name = "debug-cn";
        try
        {
            sandbox.Session.Invoke(Connect, sandbox.ComputeNode, name).ThrowIfFailed();
            var first = sandbox.Session.Invoke("Test-PlatformSupport -ComputeNode $args[0] -Debug", name).ThrowIfFailed();
            var second = sandbox.Session.Invoke("Test-PlatformSupport -ComputeNode $args[0] -Debug", name).ThrowIfFailed();

            Assert.NotEmpty(first.Output);
            Assert.NotEmpty(second.Output);
            Assert.Contains(first.Debug, line => line.StartsWith($"{name}: connection cache: reuses the open connection", StringComparison.Ordinal));
            Assert.Contains(first.Debug, line => line.StartsWith($"{name}: platform cache: nothing probed yet", StringComparison.Ordinal));
            Assert.Contains(first.Debug, line => line.StartsWith($"{name}: channel pool: ", StringComparison.Ordinal));
            // -Debug shows what -Verbose shows, as debug lines: PowerShell would ask after every verbose line.
            Assert.Contains(first.Debug, line => CommandLine(name, "sysinfo").IsMatch(line));
            Assert.Empty(first.Verbose);
            Assert.Contains(second.Debug, line => line.StartsWith($"{name}: platform cache: uses the facts probed earlier", StringComparison.Ordinal));
            Assert.DoesNotContain(second.Debug, line => CommandLine(name, "sysinfo").IsMatch(line));
        }
        finally
        {
            sandbox.Session.Invoke("Disconnect-ComputeNode -ComputeNode $args[0] -Confirm:$false -ErrorAction SilentlyContinue", name);
        }
    }

    [TestbedFact]
    public void A_payload_on_stdin_is_counted_never_printed()
    {
        var alias = "verbose-payload-" + Guid.NewGuid().ToString("N")[..6];
        var result = sandbox.Session.Invoke(
            "New-SafeZone -Alias $args[0] -Brand joyent -ComputeNode $args[1] -Confirm:$false -Verbose", alias, HostedSandbox.ComputeNodeName)
            .ThrowIfFailed();

        Assert.Single(result.Output);
        var create = Assert.Single(result.Verbose, line => line.StartsWith($"{HostedSandbox.ComputeNodeName}: LC_ALL=C 'vmadm' 'create'", StringComparison.Ordinal));
        Assert.Matches("^" + Regex.Escape($"{HostedSandbox.ComputeNodeName}: LC_ALL=C 'vmadm' 'create' < (stdin payload) (exit 0, ") +
            @"\d+ ms, \d+ bytes on stdin\)$", create);
        Assert.DoesNotContain(alias, create, StringComparison.Ordinal);
    }

    /// <summary>Every cmdlet that warns, and the reads, with -Debug and nobody to answer: no error, the warning still written.</summary>
    [TestbedTheory]
    [InlineData("New-ZoneSnapshot -ComputeNode $args[0] -Zone $args[1] -Name $args[2] -Debug", true)]
    [InlineData("Set-DelegationPolicy -Path $args[3] -SnapshotLimit 0 -Confirm:$false -PassThru -Debug", true)]
    [InlineData("Get-SafeZone -ComputeNode $args[0] -Zone $args[1] -Debug", false)]
    [InlineData("Test-PlatformSupport -ComputeNode $args[0] -Debug", false)]
    public void No_cmdlet_ends_under_Debug_when_no_host_can_answer(string script, bool warns)
    {
        var zone = script.StartsWith("New-ZoneSnapshot", StringComparison.Ordinal) ? sandbox.CreateZone("debug-" + Guid.NewGuid().ToString("N")[..6]) : sandbox.Zone;
        var policy = Path.Combine(sandbox.WorkDirectory, $"debug-policy-{Guid.NewGuid():N}.json");

        var result = sandbox.Session.Invoke(script, HostedSandbox.ComputeNodeName, zone, "dbg" + Guid.NewGuid().ToString("N")[..6], policy);

        Assert.Empty(result.AllErrors.Select(error => $"{error.FullyQualifiedErrorId}: {error}"));
        Assert.NotEmpty(result.Output);
        Assert.Equal(warns, result.Warnings.Count > 0);
        if (!warns)
        {
            // The reads: what the caches decided (and any command that ran), on the debug stream.
            Assert.NotEmpty(result.Debug);
        }
    }

    /// <summary>
    /// Only the question -Debug adds is answered for a host that cannot ask. An operator who set
    /// $WarningPreference = 'Inquire' wanted to approve each warning: where nobody can answer, the cmdlet stops
    /// before the change the warning is about (here New-ZoneSnapshot's coverage warning: no snapshot is made).
    /// </summary>
    [TestbedFact]
    public void An_Inquire_the_operator_set_is_never_answered_for_them()
    {
        var zone = sandbox.CreateZone("inquire-" + Guid.NewGuid().ToString("N")[..6]);
        var name = "inq" + Guid.NewGuid().ToString("N")[..6];

        var result = sandbox.Session.Invoke(
            "$WarningPreference = 'Inquire'; try { New-ZoneSnapshot -ComputeNode $args[0] -Zone $args[1] -Name $args[2] } finally { $WarningPreference = 'Continue' }",
            HostedSandbox.ComputeNodeName, zone, name);

        Assert.Empty(result.Output);
        Assert.NotEmpty(result.AllErrors);
        var snapshots = sandbox.Session.Invoke("@(Get-ZoneSnapshot -ComputeNode $args[0] -Zone $args[1] -Name $args[2] -ErrorAction SilentlyContinue).Count",
            HostedSandbox.ComputeNodeName, zone, name).ThrowIfFailed();
        Assert.Equal(0, (int)snapshots.Output.Single().BaseObject);
    }
}

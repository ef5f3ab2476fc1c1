using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Errors;

/// <summary>
/// The ErrorRecord of every ErrorId a cmdlet raises that PowerShell can provoke without harming the
/// shared CN: FullyQualifiedErrorId "&lt;ErrorId&gt;,ZoneDelegation.Commands.&lt;Name&gt;Command" (what
/// <c>Should -Throw -ErrorId</c> matches), the category, the offending value as TargetObject, and a
/// hint as ErrorDetails.RecommendedAction. Each script raises exactly one error; nothing is created.
/// Scripts see $HostedCn (connection name), $Zone (an existing zone), $Cn (the sandbox CN), $Work (a folder).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ErrorRecordTests(HostedSandbox sandbox)
{
    private const string NoZone = "00000000-0000-4000-8000-00000000dead";

    /// <summary>A zone root made with the real zfs on the legacy CN (plain zfs-fuse: no limits, no vmadm).</summary>
    private const string LegacyZone = "11111111-2222-4333-8444-555555555555";

    /// <summary>Runs a script with the policy file of its own at $Policy (written first by the script if it wants one).</summary>
    private const string WithOwnPolicy =
        """
        $saved = $env:ZONEDELEGATION_POLICY
        $env:ZONEDELEGATION_POLICY = $Policy = Join-Path $Work "policy-$([guid]::NewGuid()).json"
        try { & $body } finally { $env:ZONEDELEGATION_POLICY = $saved }
        """;

    // Not here: ComputeNodeAlreadyConnected (declared, never raised: a second Connect-ComputeNode under a
    // name replaces the open connection, as ConnectionRegistry.Add documents), and the ids that need a
    // broken CN or another ssh client (ConnectionLost, CommandTimedOut, NativeCommandFailed, ParseError,
    // DatasetNotFound, VerificationFailed, SafeZoneVerificationFailed, SshClientNotFound).
    // PlatformNotSupported comes from a legacy CN of its own ($Legacy), started only for those rows.

    /// <summary>cmdlet, ErrorId, script, category, TargetObject (a wildcard pattern on its text; null: none).</summary>
    public static TheoryData<string, string, string, ErrorCategory, string?> Cases() => new()
    {
        // Connections
        { "Connect-ComputeNode", "InvalidConnectionParameter", "Connect-ComputeNode -HostName a.example, b.example -Name both", ErrorCategory.InvalidArgument, "both" },
        { "Connect-ComputeNode", "InvalidConnectionParameter", "Connect-ComputeNode -HostName '-oProxyCommand=touch' -SshConfigFile /dev/null", ErrorCategory.InvalidArgument, "-oProxyCommand=touch" },
        { "Connect-ComputeNode", "InvalidConnectionParameter", "Connect-ComputeNode -HostName $Cn.Address -User '-x' -SshConfigFile /dev/null", ErrorCategory.InvalidArgument, "-x" },
        {
            "Connect-ComputeNode", "HostKeyUnknown",
            "$empty = Join-Path $Work 'empty_known_hosts'; Set-Content $empty ''; Connect-ComputeNode -HostName $Cn.Address -Port $Cn.Port -User $Cn.User -IdentityFile $Cn.IdentityFile -KnownHostsFile $empty -SshConfigFile /dev/null -Name unknown-key",
            ErrorCategory.SecurityError, "unknown-key"
        },
        {
            "Connect-ComputeNode", "HostKeyMismatch",
            // Another ed25519 key (the CN's client key) recorded as the host's key: a changed host key.
            """
            $wrong = Join-Path $Work 'wrong_known_hosts'
            "[$($Cn.Address)]:$($Cn.Port) $((Get-Content "$($Cn.IdentityFile).pub") -replace ' [^ ]*$', '')" | Set-Content $wrong
            Connect-ComputeNode -HostName $Cn.Address -Port $Cn.Port -User $Cn.User -IdentityFile $Cn.IdentityFile -KnownHostsFile $wrong -SshConfigFile /dev/null -Name wrong-key
            """,
            ErrorCategory.SecurityError, "wrong-key"
        },
        {
            "Connect-ComputeNode", "AuthenticationFailed",
            """
            $key = Join-Path $Work "other_key_$([guid]::NewGuid())"
            ssh-keygen -q -t ed25519 -N '' -f $key | Out-Null
            Connect-ComputeNode -HostName $Cn.Address -Port $Cn.Port -User $Cn.User -IdentityFile $key -KnownHostsFile $Cn.KnownHostsFile -SshConfigFile /dev/null -Name refused-key
            """,
            ErrorCategory.AuthenticationError, "refused-key"
        },
        {
            "Connect-ComputeNode", "ComputeNodeUnreachable",
            "Connect-ComputeNode -HostName 127.0.0.1 -Port 1 -IdentityFile $Cn.IdentityFile -KnownHostsFile $Cn.KnownHostsFile -SshConfigFile /dev/null -ConnectTimeoutSec 5 -Name closed-port",
            ErrorCategory.ConnectionError, "closed-port"
        },
        { "Disconnect-ComputeNode", "ComputeNodeNotConnected", "Disconnect-ComputeNode -ComputeNode no-such-cn", ErrorCategory.ObjectNotFound, "no-such-cn" },
        { "Get-SafeZone", "ComputeNodeNotConnected", "Get-SafeZone -ComputeNode no-such-cn", ErrorCategory.ConnectionError, "no-such-cn" },
        {
            "Get-SafeZone", "ComputeNodeAmbiguous",
            "Connect-ComputeNode -Local -Name errors-local | Out-Null; try { Get-SafeZone } finally { Disconnect-ComputeNode -ComputeNode errors-local }",
            ErrorCategory.InvalidArgument, "*errors-local*"
        },
        // Issue 17 item 1: a name that is not a UUID is an alias, compared with vmadm's listing and never run.
        { "Get-SafeZone", "ZoneNotFound", "Get-SafeZone -Uuid 'x; rm -rf /' -ComputeNode $HostedCn", ErrorCategory.ObjectNotFound, "x; rm -rf /" },
        {
            "Get-SafeZone", "PolicyFileInvalid",
            WithOwnPolicy.Replace("& $body", "Set-Content $Policy '{ \"enabled\": tru'; Get-SafeZone -ComputeNode $HostedCn", StringComparison.Ordinal),
            ErrorCategory.InvalidData, "*policy-*.json"
        },
        { "Test-PlatformSupport", "ComputeNodeNotConnected", "Test-PlatformSupport -ComputeNode no-such-cn", ErrorCategory.ConnectionError, "no-such-cn" },
        { "Test-PlatformSupport", "InvalidPlatformStamp", "Test-PlatformSupport -ComputeNode $HostedCn -MinimumPlatform soon", ErrorCategory.InvalidArgument, "soon" },
        { "Test-PlatformSupport", "InvalidPlatformStamp", "Test-PlatformSupport -ComputeNode $HostedCn -MinimumPlatform '{\"7.0\": '", ErrorCategory.InvalidArgument, "{\"7.0\": " },

        // Snapshots and limits
        { "Get-ZoneSnapshot", "ZoneNotFound", "Get-ZoneSnapshot -Zone '../etc' -ComputeNode $HostedCn", ErrorCategory.ObjectNotFound, "../etc" },
        { "Get-ZoneSnapshot", "ZoneNotFound", $"Get-ZoneSnapshot -Zone {NoZone} -ComputeNode $HostedCn", ErrorCategory.ObjectNotFound, NoZone },
        { "Get-ZoneSnapshot", "InvalidSnapshotName", "Get-ZoneSnapshot -Zone $Zone -Name 'daily;*' -ComputeNode $HostedCn", ErrorCategory.InvalidArgument, "daily;*" },
        { "Get-ZoneSnapshot", "ComputeNodeNotConnected", "Get-ZoneSnapshot -Zone $Zone -ComputeNode no-such-cn", ErrorCategory.ConnectionError, "no-such-cn" },
        { "Get-DatasetLimit", "ZoneNotFound", "Get-DatasetLimit -Zone 'zones/$(id)' -ComputeNode $HostedCn", ErrorCategory.ObjectNotFound, "zones/*" },
        { "Get-DatasetLimit", "ZoneNotFound", $"Get-DatasetLimit -Zone {NoZone} -ComputeNode $HostedCn", ErrorCategory.ObjectNotFound, NoZone },
        { "Set-DatasetLimit", "InvalidLimitValue", "Set-DatasetLimit -Zone $Zone -SnapshotLimit 5 -Clear SnapshotLimit -ComputeNode $HostedCn", ErrorCategory.InvalidArgument, "SnapshotLimit" },
        { "Set-DatasetLimit", "InvalidLimitValue", "Set-DatasetLimit -Zone $Zone -ComputeNode $HostedCn", ErrorCategory.InvalidArgument, null },
        { "Set-DatasetLimit", "InvalidLimitValue", "Set-DatasetLimit -Zone $Zone -Quota 0 -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "0" },
        { "Set-DatasetLimit", "InvalidSize", "Set-DatasetLimit -Zone $Zone -Quota 1.5GB -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "1610612736" },
        { "Set-DatasetLimit", "ZoneNotFound", "Set-DatasetLimit -Zone 'not-a-zone' -SnapshotLimit 5 -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.ObjectNotFound, "not-a-zone" },
        { "Set-DatasetLimit", "ZoneNotFound", $"Set-DatasetLimit -Zone {NoZone} -SnapshotLimit 5 -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.ObjectNotFound, NoZone },

        // Zone creation and policy
        { "New-SafeZone", "UnsafePrivilegeRequested", "New-SafeZone -Brand joyent -LimitPriv 'default,sys_fs_import' -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.SecurityError, "default,sys_fs_import" },
        { "New-SafeZone", "BrandCannotDelegate", "New-SafeZone -Brand kvm -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "kvm" },
        { "New-SafeZone", "InvalidSize", "New-SafeZone -Brand joyent -Quota 1.5GB -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "1610612736" },
        { "New-SafeZone", "InvalidSize", "New-SafeZone -Brand joyent -MaxPhysicalMemory 1000 -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "1000" },
        { "New-SafeZone", "InvalidPayload", "New-SafeZone -Brand joyent -Payload '{ \"alias\": ' -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "the -Payload text" },
        { "New-SafeZone", "InvalidPayload", "New-SafeZone -Brand joyent -Payload 'no-such-payload.json' -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "no-such-payload.json" },
        { "New-SafeZone", "InvalidPayload", "New-SafeZone -Alias one -Payload @{ alias = 'two' } -Brand joyent -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "alias" },
        { "New-SafeZone", "InvalidLimitValue", "New-SafeZone -Brand joyent -Payload @{ zfs_snapshot_limit = 'many' } -ComputeNode $HostedCn -Confirm:$false", ErrorCategory.InvalidArgument, "\"many\"" },
        { "New-SafeZone", "ComputeNodeNotConnected", "New-SafeZone -Brand joyent -ComputeNode no-such-cn -Confirm:$false", ErrorCategory.ConnectionError, "no-such-cn" },
        {
            "New-SafeZone", "SafeDelegationDisabled",
            WithOwnPolicy.Replace("& $body", "Set-DelegationPolicy -Enabled $false -Confirm:$false; New-SafeZone -Brand joyent -ComputeNode $HostedCn -Confirm:$false", StringComparison.Ordinal),
            ErrorCategory.NotEnabled, "safe"
        },
        {
            "New-SafeZone", "OwnerNotAllowed",
            WithOwnPolicy.Replace("& $body", "Set-DelegationPolicy -AllowedOwner 930896af-bf8c-48d4-885c-6573a94b1853 -Confirm:$false; New-SafeZone -Brand joyent -OwnerUuid 6d6a3e7c-53a8-4ac0-b8d1-1e1b5c2d9f10 -ComputeNode $HostedCn -Confirm:$false", StringComparison.Ordinal),
            ErrorCategory.PermissionDenied, "6d6a3e7c-53a8-4ac0-b8d1-1e1b5c2d9f10"
        },
        {
            "New-SafeZone", "PolicyFileInvalid",
            WithOwnPolicy.Replace("& $body", "Set-Content $Policy '[]'; New-SafeZone -Brand joyent -ComputeNode $HostedCn -Confirm:$false", StringComparison.Ordinal),
            ErrorCategory.InvalidData, "*policy-*.json"
        },
        { "New-SafeZone", "PlatformNotSupported", "New-SafeZone -Brand joyent -ComputeNode $Legacy -Confirm:$false", ErrorCategory.NotImplemented, "legacy-cn" },
        { "Set-DatasetLimit", "PlatformNotSupported", $"Set-DatasetLimit -Zone {LegacyZone} -SnapshotLimit 5 -ComputeNode $Legacy -Confirm:$false", ErrorCategory.NotEnabled, "legacy-cn" },
        { "Get-DelegationPolicy", "PolicyFileInvalid", "$bad = Join-Path $Work 'bad-policy.json'; Set-Content $bad '{ \"snapshotLimit\": -1 }'; Get-DelegationPolicy -Path $bad", ErrorCategory.InvalidData, "*bad-policy.json" },
        { "Set-DelegationPolicy", "PolicyFileInvalid", "$bad = Join-Path $Work 'broken-policy.json'; Set-Content $bad '{'; Set-DelegationPolicy -Path $bad -Enabled $true -Confirm:$false", ErrorCategory.InvalidData, "*broken-policy.json" },
        { "Set-DelegationPolicy", "InvalidPlatformStamp", "Set-DelegationPolicy -Path (Join-Path $Work 'stamp-policy.json') -MinimumPlatform soon -Confirm:$false", ErrorCategory.InvalidArgument, "soon" },
        { "Set-DelegationPolicy", "PolicyFileNotWritable", "Set-DelegationPolicy -Path /proc/zd-no-such-folder/policy.json -Enabled $true -Confirm:$false", ErrorCategory.PermissionDenied, "/proc/zd-no-such-folder/policy.json" },
    };

    [TestbedTheory]
    [MemberData(nameof(Cases))]
    public void The_error_record_names_the_id_the_category_the_value_and_a_hint(
        string command, string errorId, string script, ErrorCategory category, string? target)
    {
        sandbox.Session.SetVariable("HostedCn", HostedSandbox.ComputeNodeName);
        sandbox.Session.SetVariable("Zone", sandbox.Zone);
        sandbox.Session.SetVariable("Cn", sandbox.ComputeNode);
        sandbox.Session.SetVariable("Work", sandbox.WorkDirectory);
        if (script.Contains("$Legacy", StringComparison.Ordinal))
        {
            var legacy = sandbox.DedicatedComputeNode("legacy-cn", "legacy");
            HostedSandbox.RunOnCn(legacy, "sh", "-c", "\"$ZD_REAL_ZFS\" list \"$1\" >/dev/null 2>&1 || \"$ZD_REAL_ZFS\" create \"$1\"",
                "arrange", $"{legacy.Pool}/{LegacyZone}");
            sandbox.Session.SetVariable("Legacy", "legacy-cn");
        }

        var error = sandbox.Session.Invoke(script).SingleError();

        Assert.Equal($"{errorId},ZoneDelegation.Commands.{command.Replace("-", string.Empty, StringComparison.Ordinal)}Command", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        if (target is null)
        {
            Assert.Null(error.TargetObject);
        }
        else
        {
            Assert.NotNull(error.TargetObject);
            var text = Convert.ToString(error.TargetObject, System.Globalization.CultureInfo.InvariantCulture)!;
            Assert.True(new WildcardPattern(target, WildcardOptions.None).IsMatch(text) || text == target,
                $"TargetObject '{text}' does not match '{target}'");
        }

        Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.RecommendedAction), $"{errorId} from {command} has no RecommendedAction");
        Assert.False(string.IsNullOrWhiteSpace(error.Exception.Message));
    }

    [Fact]
    public void Every_case_names_an_error_id_the_module_declares()
    {
        var declared = typeof(ZoneDelegation.Core.Errors.ErrorIds).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        foreach (var row in Cases())
        {
            Assert.Contains((string)row[1], declared);
        }
    }
}

using Xunit;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Compliance;

public sealed class ZoneComplianceAuditorTests
{
    private static readonly DelegationPolicy Policy = DelegationPolicy.Default;

    private static List<ZoneCompliance> Audit(ScriptedTransport transport, DelegationPolicy? policy = null, IReadOnlyCollection<ZoneUuid>? zones = null) =>
        ZoneComplianceAuditor.Audit(transport.Connect(), policy ?? Policy, zones).Cast<ZoneCompliance>().ToList();

    [Fact]
    public void The_audit_of_a_CN_runs_the_same_commands_for_1_and_for_500_zones()
    {
        var one = FakeFleet.Safe(1).Transport();
        var many = FakeFleet.Safe(500).Transport();

        Assert.Single(Audit(one));
        Assert.Equal(500, Audit(many).Count);

        Assert.Equal(one.CommandKeys, many.CommandKeys);
        Assert.Equal(
        [
            "sysinfo", "vmadm", "zfs list -H -p -o name tank",
            "zpool get -H -o name,property,value,source feature@filesystem_limits tank",
            "zfs get -H -o property snapshot_limit tank", "ppriv -l sys_fs_import",
            FakeFleet.LocateKey, FakeFleet.PoolLimitsKey, FakeFleet.BootedKey, FakeFleet.AuditLookupKey,
        ], many.CommandKeys);
    }

    [Fact]
    public void A_second_audit_on_the_same_connection_reads_only_zfs_and_vmadm_again()
    {
        var transport = FakeFleet.Safe(3).Transport();
        using var connection = transport.Connect();
        _ = ZoneComplianceAuditor.Audit(connection, Policy).ToList();
        var first = transport.Commands.Count;

        _ = ZoneComplianceAuditor.Audit(connection, Policy).ToList();

        Assert.Equal([FakeFleet.LocateKey, FakeFleet.PoolLimitsKey, FakeFleet.BootedKey, FakeFleet.AuditLookupKey], transport.CommandKeys.Skip(first));
    }

    [Fact]
    public void Get_SafeZone_and_Get_DatasetLimit_read_1_or_500_zones_with_the_same_commands()
    {
        var one = FakeFleet.Safe(1);
        var many = FakeFleet.Safe(500);
        var oneCn = one.Transport();
        var manyCn = many.Transport();

        Assert.Single(SafeZoneReader.List(oneCn.Connect(), SafeZoneFilter.All, Policy).Cast<SafeZone>());
        Assert.Equal(500, SafeZoneReader.List(manyCn.Connect(), SafeZoneFilter.All, Policy).Cast<SafeZone>().Count());
        Assert.Equal([FakeFleet.LookupKey], oneCn.CommandKeys);
        Assert.Equal(oneCn.CommandKeys, manyCn.CommandKeys);

        // Get-DatasetLimit of two zones against 500: one zfs get over the pool either way.
        var twoCn = FakeFleet.Safe(2).Transport();
        manyCn = many.Transport();
        var two = DatasetLimitReader.ReadMany(twoCn.Connect(), [ZoneUuid.Parse(FakeFleet.UuidFor(1)), ZoneUuid.Parse(FakeFleet.UuidFor(2))]).ToList();
        var all = DatasetLimitReader.ReadMany(manyCn.Connect(), many.Zones.Select(z => ZoneUuid.Parse(z.Uuid)).ToList()).ToList();

        Assert.Equal(2, two.OfType<DatasetLimit>().Count());
        Assert.Equal(500, all.OfType<DatasetLimit>().Count());
        Assert.Equal(twoCn.CommandKeys, manyCn.CommandKeys);
        Assert.Equal(["sysinfo", "vmadm", "zfs list -H -p -o name tank", FakeFleet.LocateKey, FakeFleet.PoolLimitsKey], manyCn.CommandKeys);
    }

    [Fact]
    public void Get_DatasetLimit_of_many_zones_keeps_the_input_order_and_reports_a_missing_zone_alone()
    {
        var fleet = FakeFleet.Safe(3);
        fleet.Zones[1].SnapshotLimit = 7;
        var missing = ZoneUuid.Parse("6f0d3b4a-0000-4000-8000-000000000abc");
        ZoneUuid[] asked = [ZoneUuid.Parse(FakeFleet.UuidFor(3)), missing, ZoneUuid.Parse(FakeFleet.UuidFor(2))];

        var results = DatasetLimitReader.ReadMany(fleet.Transport().Connect(), asked).ToList();

        Assert.Equal(FakeFleet.UuidFor(3), Assert.IsType<DatasetLimit>(results[0]).Zone);
        var error = Assert.IsType<ZoneDelegationException>(results[1]);
        Assert.Equal(ErrorIds.ZoneNotFound, error.ErrorId);
        Assert.Equal(missing.Value, error.Target);
        var second = Assert.IsType<DatasetLimit>(results[2]);
        Assert.Equal(7UL, second.SnapshotLimit);
        Assert.Equal(0UL, second.SnapshotCount);
        Assert.Equal($"tank/{FakeFleet.UuidFor(2)}", second.Dataset);
    }

    [Fact]
    public void A_safe_zone_is_compliant_with_no_findings()
    {
        var zone = Assert.Single(Audit(FakeFleet.Safe(1).Transport()));

        Assert.True(zone.Compliant);
        Assert.False(zone.Remediable);
        Assert.Empty(zone.Findings);
        Assert.True(zone.IsDelegated);
        Assert.Equal("cn1", zone.ComputeNode);
        Assert.Equal(FakeFleet.UuidFor(1), zone.Zone);
    }

    [Fact]
    public void A_zone_without_a_delegated_dataset_is_compliant_and_says_why()
    {
        var fleet = FakeFleet.Safe(1);
        fleet.Zones[0].Delegated = false;
        fleet.Zones[0].LimitPriv = "default";
        fleet.Zones[0].SnapshotLimit = null;

        var zone = Assert.Single(Audit(fleet.Transport()));

        Assert.True(zone.Compliant);
        Assert.False(zone.IsDelegated);
        Assert.Empty(zone.Findings);
        Assert.Contains("No delegated dataset", zone.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, SafetyFindingCode, string, string, bool> Rules => new()
    {
        { "no snapshot limit", SafetyFindingCode.SnapshotLimitMissing, "none", "128", true },
        { "no filesystem limit", SafetyFindingCode.FilesystemLimitMissing, "none", "32", true },
        { "snapshot limit above", SafetyFindingCode.SnapshotLimitAbovePolicy, "1000", "<= 128", true },
        { "filesystem limit above", SafetyFindingCode.FilesystemLimitAbovePolicy, "33", "<= 32", true },
        { "sys_fs_import", SafetyFindingCode.ReceiveAllowed, "default", "default,-sys_fs_import", true },
        { "zone grant after removal", SafetyFindingCode.ReceiveAllowed, "default,-sys_fs_import,zone", "default,-sys_fs_import,zone,-sys_fs_import", true },
        { "owner", SafetyFindingCode.OwnerNotAllowed, "0e4e2d5c-47a4-4c10-9b5c-06e1f5a0a001", "an owner on the allow-list", false },
        { "at snapshot limit", SafetyFindingCode.SnapshotLimitReached, "128", "< 128", false },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_gives_one_finding_with_its_code_values_and_remediability(string rule, SafetyFindingCode code, string observed, string expected, bool remediable)
    {
        var fleet = FakeFleet.Safe(1);
        var zone = fleet.Zones[0];
        var policy = Policy;
        switch (rule)
        {
            case "no snapshot limit": zone.SnapshotLimit = null; break;
            case "no filesystem limit": zone.FilesystemLimit = null; break;
            case "snapshot limit above": zone.SnapshotLimit = 1000; break;
            case "filesystem limit above": zone.FilesystemLimit = 33; break;
            case "sys_fs_import": zone.LimitPriv = "default"; break;
            case "zone grant after removal": zone.LimitPriv = "default,-sys_fs_import,zone"; break;
            case "owner":
                zone.Owner = "0e4e2d5c-47a4-4c10-9b5c-06e1f5a0a001";
                policy = Policy with { AllowedOwners = [Guid.Parse("930896af-bf8c-48d4-885c-6573a94b1853")] };
                break;
            case "at snapshot limit": zone.SnapshotCount = 128; break;
        }

        var audited = Assert.Single(Audit(fleet.Transport(), policy));

        var finding = Assert.Single(audited.Findings);
        Assert.Equal(code, finding.CodeValue);
        Assert.Equal(observed, finding.Observed);
        Assert.Equal(expected, finding.Expected);
        Assert.Equal(remediable, finding.Remediable);
        Assert.False(audited.Compliant);
        Assert.Equal(remediable, audited.Remediable);
    }

    [Fact]
    public void An_old_platform_is_a_finding_on_every_delegated_zone_and_not_remediable()
    {
        var fleet = FakeFleet.Safe(2);
        fleet.Zones[1].Delegated = false;

        var zones = Audit(fleet.Transport(liveImage: "20141030T081701Z"));

        var finding = Assert.Single(zones[0].Findings);
        Assert.Equal(SafetyFindingCode.PlatformTooOld, finding.CodeValue);
        Assert.Equal("20141030T081701Z", finding.Observed);
        Assert.Equal(">= 20150418T000000Z", finding.Expected);
        Assert.False(finding.Remediable);
        Assert.True(zones[1].Compliant);
    }

    [Fact]
    public void A_platform_without_the_privilege_is_a_feature_finding()
    {
        var transport = FakeFleet.Safe(1).Transport().On("ppriv -l sys_fs_import", exitCode: 1, stderr: "ppriv: sys_fs_import: unknown privilege\n");

        var finding = Assert.Single(Assert.Single(Audit(transport)).Findings);

        Assert.Equal(SafetyFindingCode.PlatformFeatureMissing, finding.CodeValue);
        Assert.Equal(PlatformCheckNames.PrivilegeKnown + " failed", finding.Observed);
        Assert.Contains("sys_fs_import", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_zfs_says_wins_over_vmadms_copy_of_the_limits()
    {
        var fleet = FakeFleet.Safe(1);
        var transport = fleet.Transport();
        // vmadm still shows 128 and 32; the zone root says none for the snapshot limit.
        transport.OnStream(FakeFleet.PoolLimitsKey, () => new StringReader(fleet.PoolRows().Replace("\tsnapshot_limit\t128\tlocal", "\tsnapshot_limit\t18446744073709551615\tdefault", StringComparison.Ordinal)));

        var finding = Assert.Single(Assert.Single(Audit(transport)).Findings);

        Assert.Equal(SafetyFindingCode.SnapshotLimitMissing, finding.CodeValue);
    }

    /// <summary>Issue 14 item 5: a zone on a pool other than sysinfo's is judged on what ZFS says of its own root, in the same one zfs get.</summary>
    [Fact]
    public void A_zone_on_another_pool_is_judged_on_its_own_root()
    {
        var fleet = FakeFleet.Safe(2);
        fleet.Zones[1].Pool = "fast";
        var transport = fleet.Transport();
        // vmadm still shows 128 for both; the root on the other pool says none for the snapshot limit.
        transport.OnStream(fleet.PoolLimitsKeyForZones, () => new StringReader(fleet.PoolRows().Replace(
            $"fast/{FakeFleet.UuidFor(2)}\tsnapshot_limit\t128\tlocal", $"fast/{FakeFleet.UuidFor(2)}\tsnapshot_limit\t18446744073709551615\tdefault", StringComparison.Ordinal)));

        var results = Audit(transport);

        Assert.Empty(results[0].Findings);
        Assert.Equal(SafetyFindingCode.SnapshotLimitMissing, Assert.Single(results[1].Findings).CodeValue);
        Assert.Single(transport.CommandKeys, key => key.StartsWith("zfs get -H -p -r -d 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Named_zones_are_audited_alone_and_a_missing_one_is_ZoneNotFound()
    {
        var fleet = FakeFleet.Safe(3);
        var missing = ZoneUuid.Parse("6f0d3b4a-0000-4000-8000-000000000abc");

        var results = ZoneComplianceAuditor.Audit(fleet.Transport().Connect(), Policy,
            [ZoneUuid.Parse(FakeFleet.UuidFor(2)), missing]).ToList();

        Assert.Equal(FakeFleet.UuidFor(2), Assert.IsType<ZoneCompliance>(results[0]).Zone);
        Assert.Equal(ErrorIds.ZoneNotFound, Assert.IsType<ZoneDelegationException>(results[1]).ErrorId);
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void One_named_zone_narrows_the_lookup_on_the_CN()
    {
        var transport = FakeFleet.Safe(3).Transport();

        var zone = Assert.Single(Audit(transport, zones: [ZoneUuid.Parse(FakeFleet.UuidFor(3))]));

        Assert.Equal(FakeFleet.UuidFor(3), zone.Zone);
        Assert.Equal(FakeFleet.AuditLookupKey + " uuid=" + FakeFleet.UuidFor(3), transport.CommandKeys[^1]);
    }

    [Fact]
    public void A_CN_without_vmadm_is_refused_before_any_zone_is_read()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => ZoneComplianceAuditor.Audit(FakeComputeNodes.Legacy().Connect(), Policy));

        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
    }

    [Fact]
    public void Get_SafeZone_and_the_audit_judge_the_configuration_with_the_same_codes()
    {
        var fleet = FakeFleet.Safe(3);
        fleet.Zones[0].LimitPriv = "default";
        fleet.Zones[1].SnapshotLimit = 500;
        fleet.Zones[2].FilesystemLimit = null;

        var listed = SafeZoneReader.List(fleet.Transport().Connect(), SafeZoneFilter.All, Policy).Cast<SafeZone>().ToList();
        var audited = Audit(fleet.Transport());

        Assert.Equal(listed.Select(z => z.Findings.Select(f => f.CodeValue)), audited.Select(z => z.Findings.Select(f => f.CodeValue)));
        Assert.Equal(listed.Select(z => z.Findings.Select(f => (f.Observed, f.Expected))), audited.Select(z => z.Findings.Select(f => (f.Observed, f.Expected))));
    }

    [Fact]
    public void One_unreadable_zone_is_its_own_ParseError_and_the_other_zones_are_audited()
    {
        // Issue 8 item 10: zone 2's VM object has duplicate keys, zone 3's alias is not a string.
        var fleet = FakeFleet.Safe(4);
        var transport = fleet.Transport();
        transport.OnStream(FakeFleet.AuditLookupKey, () => new StringReader(FakeFleet.Lookup(fleet.Zones)
            .Replace($"\"uuid\":\"{FakeFleet.UuidFor(2)}\"", $"\"uuid\":\"{FakeFleet.UuidFor(2)}\",\"state\":\"x\"", StringComparison.Ordinal)
            .Replace($"\"alias\":\"{fleet.Zones[2].Alias}\"", "\"alias\":7", StringComparison.Ordinal)));

        var results = ZoneComplianceAuditor.Audit(transport.Connect(), Policy).ToList();

        Assert.Equal(4, results.Count);
        Assert.Equal([FakeFleet.UuidFor(1), FakeFleet.UuidFor(4)], results.OfType<ZoneCompliance>().Select(z => z.Zone));
        var errors = results.OfType<ZoneDelegationException>().ToList();
        Assert.All(errors, e => Assert.Equal(ErrorIds.ParseError, e.ErrorId));
        Assert.Equal([FakeFleet.UuidFor(2), FakeFleet.UuidFor(3)], errors.Select(e => e.Target));
    }

    [Fact]
    public void A_named_zone_that_cannot_be_read_is_its_ParseError_not_also_ZoneNotFound()
    {
        var fleet = FakeFleet.Safe(3);
        var transport = fleet.Transport();
        transport.OnStream(FakeFleet.AuditLookupKey, () => new StringReader(FakeFleet.Lookup(fleet.Zones)
            .Replace($"\"uuid\":\"{FakeFleet.UuidFor(2)}\"", $"\"uuid\":\"{FakeFleet.UuidFor(2)}\",\"uuid\":\"x\"", StringComparison.Ordinal)));

        var results = ZoneComplianceAuditor.Audit(transport.Connect(), Policy,
            [ZoneUuid.Parse(FakeFleet.UuidFor(2)), ZoneUuid.Parse(FakeFleet.UuidFor(3))]).ToList();

        Assert.Equal(2, results.Count);
        Assert.Equal(ErrorIds.ParseError, Assert.IsAssignableFrom<ZoneDelegationException>(results[0]).ErrorId);
        Assert.Equal(FakeFleet.UuidFor(3), Assert.IsType<ZoneCompliance>(results[1]).Zone);
    }
    [Fact]
    public void A_running_zone_whose_limit_priv_was_fixed_but_that_did_not_reboot_is_PendingReboot_and_remediable()
    {
        var fleet = FakeFleet.Safe(4);
        fleet.Zones[0].BootedLimitPriv = "default"; // booted before its limit_priv lost sys_fs_import
        fleet.Zones[1].BootedLimitPriv = "default";
        fleet.Zones[1].State = "stopped";           // boots with its configuration
        fleet.Zones[3].LimitPriv = "default";       // the configuration itself is wrong: ReceiveAllowed says it all

        var audited = Audit(fleet.Transport());

        var pending = audited[0];
        Assert.False(pending.Compliant);
        Assert.True(pending.Remediable);
        var finding = Assert.Single(pending.Findings);
        Assert.Equal(SafetyFindingCode.PendingReboot, finding.CodeValue);
        Assert.Contains("Repair-SafeZone -Restart", finding.Message, StringComparison.Ordinal);
        Assert.Null(pending.Remediation); // nothing to update: only a reboot fixes it
        Assert.True(audited[1].Compliant);
        Assert.True(audited[2].Compliant);
        Assert.Equal([SafetyFindingCode.ReceiveAllowed], audited[3].Findings.Select(f => f.CodeValue));
    }

    /// <summary>
    /// Unknown is never safe: a running zone whose zsched was not listed, or could not be examined, is not compliant
    /// (BootedLimitSetUnknown, not remediable: read again), where it used to be judged by its configuration alone.
    /// </summary>
    [Fact]
    public void A_running_zone_whose_booted_set_could_not_be_read_is_not_compliant()
    {
        var fleet = FakeFleet.Safe(3);
        fleet.Zones[2].State = "stopped";
        var transport = fleet.Transport();
        transport.OnStream(FakeFleet.BootedKey, () => new StringReader($"zone {FakeFleet.UuidFor(1)}\nunreadable\n")); // zone 2: no zsched listed

        var audited = Audit(transport);

        Assert.All(audited.Take(2), zone =>
        {
            Assert.False(zone.Compliant);
            Assert.False(zone.Remediable);
            Assert.Equal([SafetyFindingCode.BootedLimitSetUnknown], zone.Findings.Select(f => f.CodeValue));
        });
        Assert.True(audited[2].Compliant);
    }

    [Fact]
    public void The_booted_set_is_found_by_the_zone_name_the_kernel_reports()
    {
        // A zone created with a zonename of its own: ps names it so, and the audit reads vmadm's zonename to match.
        var fleet = FakeFleet.Safe(1);
        fleet.Zones[0].BootedLimitPriv = "default";
        var transport = fleet.Transport();
        transport.OnStream(FakeFleet.AuditLookupKey, () => new StringReader(FakeFleet.Lookup(fleet.Zones)
            .Replace($"\"uuid\":\"{FakeFleet.UuidFor(1)}\"", $"\"uuid\":\"{FakeFleet.UuidFor(1)}\",\"zonename\":\"web\"", StringComparison.Ordinal)));
        transport.OnStream(FakeFleet.BootedKey, () => new StringReader(FakeFleet.Booted(fleet.Zones).Replace("zone " + FakeFleet.UuidFor(1), "zone web", StringComparison.Ordinal)));

        Assert.Equal([SafetyFindingCode.PendingReboot], Audit(transport)[0].Findings.Select(f => f.CodeValue));
    }
}

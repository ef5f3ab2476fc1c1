using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Tests.Policy;

public class SafeZoneAssessorTests
{
    private const string Uuid = "61316833-2323-4d07-a4be-4a25d76f63a6";

    private static ZoneDelegationConfig Zone(string json) =>
        ZoneDelegationConfig.FromVmadmObject(JsonNode.Parse(json)!.AsObject());

    private static SafetyFindingCode[] Codes(SafetyAssessment assessment) =>
        assessment.Findings.Select(f => f.CodeValue).ToArray();

    [Fact]
    public void A_zone_made_by_the_safe_translation_is_safe()
    {
        var decision = SafeDelegationTranslator.Translate(
            JsonNode.Parse("""{"brand":"joyent","delegate_dataset":"safe"}""")!.AsObject(), DelegationPolicy.Default);
        var readBack = (JsonObject)decision.Payload.DeepClone();
        readBack["datasets"] = new JsonArray($"zones/{Uuid}/data");

        var assessment = SafeZoneAssessor.Assess(Zone(readBack.ToJsonString()), DelegationPolicy.Default);

        Assert.True(assessment.IsSafe);
        Assert.Empty(assessment.Findings);
        Assert.False(assessment.ReceiveAllowed);
        Assert.True(assessment.IsDelegated);
        Assert.Null(assessment.Remediation);
    }

    // VM object, expected findings in order
    [Theory]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""", new SafetyFindingCode[0])]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"basic","zfs_snapshot_limit":1,"zfs_filesystem_limit":1}""", new SafetyFindingCode[0])]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":0,"zfs_filesystem_limit":32}""", new SafetyFindingCode[0])]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":0,"zfs_filesystem_limit":100000}""", new[] { SafetyFindingCode.FilesystemLimitAbovePolicy })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":129,"zfs_filesystem_limit":32}""", new[] { SafetyFindingCode.SnapshotLimitAbovePolicy })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128,"zfs_filesystem_limit":32,"owner_uuid":"not-a-uuid"}""", new[] { SafetyFindingCode.OwnerNotAllowed })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""", new[] { SafetyFindingCode.ReceiveAllowed })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""", new[] { SafetyFindingCode.ReceiveAllowed })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import,zone","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""", new[] { SafetyFindingCode.ReceiveAllowed })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_filesystem_limit":32}""", new[] { SafetyFindingCode.SnapshotLimitMissing })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128}""", new[] { SafetyFindingCode.FilesystemLimitMissing })]
    [InlineData($$"""{"datasets":["zones/{{Uuid}}/data"]}""", new[] { SafetyFindingCode.ReceiveAllowed, SafetyFindingCode.SnapshotLimitMissing, SafetyFindingCode.FilesystemLimitMissing })]
    [InlineData("""{"delegate_dataset":true,"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""", new SafetyFindingCode[0])]
    [InlineData("""{"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""", new SafetyFindingCode[0])]
    [InlineData("""{"datasets":[],"delegate_dataset":false}""", new SafetyFindingCode[0])]
    public void Findings_follow_the_configuration(string vm, SafetyFindingCode[] expected)
    {
        var assessment = SafeZoneAssessor.Assess(Zone(vm), DelegationPolicy.Default);

        Assert.Equal(expected, Codes(assessment));
        Assert.Equal(expected.Length == 0, assessment.IsSafe);
        Assert.All(assessment.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
    }

    /// <summary>
    /// Issue 17 item 11: Get-SafeZone said IsSafe False (NotDelegated) for a zone without a delegated dataset while the
    /// audit said Compliant. One meaning: the delegation rules have nothing to apply to, so the zone is safe and compliant,
    /// and IsDelegated tells it apart.
    /// </summary>
    [Fact]
    public void A_zone_without_a_delegated_dataset_is_safe_exactly_as_the_audit_calls_it_compliant()
    {
        var config = Zone("""{"uuid":"a3b2c1d0-1111-4222-8333-944455556666","brand":"joyent"}""");
        var assessment = SafeZoneAssessor.Assess(config, DelegationPolicy.Default);
        var audit = ZoneDelegation.Core.Compliance.ZoneCompliance.From("cn1", "a3b2c1d0-1111-4222-8333-944455556666", null, "running", assessment);

        Assert.False(assessment.IsDelegated);
        Assert.Empty(assessment.Findings);
        Assert.Null(assessment.Remediation);
        Assert.True(audit.Compliant);
        Assert.Equal(audit.Compliant, assessment.IsSafe);
        Assert.Equal(audit.FindingCodes, string.Join(", ", assessment.Findings.Select(f => f.Code)));
    }

    [Fact]
    public void Remediation_is_a_vmadm_update_with_the_policy_limits_and_the_removal()
    {
        var policy = DelegationPolicy.Default with { SnapshotLimit = 10, FilesystemLimit = 4 };

        var assessment = SafeZoneAssessor.Assess(
            Zone($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,dtrace_user"}"""), policy);

        Assert.All(assessment.Findings, f => Assert.True(f.Remediable));
        Assert.Equal("""{"limit_priv":"default,dtrace_user,-sys_fs_import","zfs_snapshot_limit":10,"zfs_filesystem_limit":4}""",
            assessment.Remediation!.ToJsonString());
        assessment.Remediation!["zfs_snapshot_limit"] = 99;
        Assert.Equal(10, assessment.Remediation!["zfs_snapshot_limit"]!.GetValue<long>());
    }

    [Fact]
    public void Remediation_holds_only_what_is_missing()
    {
        var assessment = SafeZoneAssessor.Assess(
            Zone($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":100}"""),
            DelegationPolicy.Default);

        Assert.Equal("""{"zfs_filesystem_limit":32}""", assessment.Remediation!.ToJsonString());
    }

    [Fact]
    public void A_limit_above_the_policy_is_brought_down_to_it()
    {
        var assessment = SafeZoneAssessor.Assess(
            Zone($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":500,"zfs_filesystem_limit":32}"""),
            DelegationPolicy.Default);

        var finding = Assert.Single(assessment.Findings);
        Assert.Equal((SafetyFindingCode.SnapshotLimitAbovePolicy, "500", "<= 128", true), (finding.CodeValue, finding.Observed, finding.Expected, finding.Remediable));
        Assert.Equal("""{"zfs_snapshot_limit":128}""", assessment.Remediation!.ToJsonString());
    }

    [Fact]
    public void An_owner_off_the_allow_list_is_not_remediable_and_the_default_owner_counts_as_an_owner()
    {
        var policy = DelegationPolicy.Default with { AllowedOwners = [Guid.Parse("930896af-bf8c-48d4-885c-6573a94b1853")] };

        var assessment = SafeZoneAssessor.Assess(
            Zone($$"""{"datasets":["zones/{{Uuid}}/data"],"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}"""), policy);

        var finding = Assert.Single(assessment.Findings);
        Assert.Equal((SafetyFindingCode.OwnerNotAllowed, "00000000-0000-0000-0000-000000000000", false), (finding.CodeValue, finding.Observed, finding.Remediable));
        Assert.Null(assessment.Remediation);
    }

    [Fact]
    public void FromVmadmObject_reads_the_fields()
    {
        var zone = Zone($$"""{"uuid":"{{Uuid}}","brand":"lx","datasets":["zones/{{Uuid}}/data"],"limit_priv":["default","-sys_fs_import"],"zfs_snapshot_limit":128,"zfs_filesystem_limit":32,"alias":"x"}""");

        Assert.Equal(Uuid, zone.Uuid);
        Assert.Equal("lx", zone.Brand);
        Assert.Equal([$"zones/{Uuid}/data"], zone.Datasets);
        Assert.Null(zone.DelegateDataset);
        Assert.Equal("default,-sys_fs_import", zone.LimitPriv);
        Assert.Equal(128, zone.SnapshotLimit);
        Assert.Equal(32, zone.FilesystemLimit);
    }

    [Fact]
    public void FromVmadmObject_leaves_absent_values_unset()
    {
        var zone = Zone("{}");

        Assert.Null(zone.LimitPriv);
        Assert.Null(zone.SnapshotLimit);
        Assert.Null(zone.FilesystemLimit);
        Assert.Empty(zone.Datasets);
        Assert.False(zone.IsDelegated);
    }

    [Theory]
    [InlineData("""{"datasets":"zones/x/data"}""")]
    [InlineData("""{"datasets":[1]}""")]
    [InlineData("""{"limit_priv":5}""")]
    [InlineData("""{"zfs_snapshot_limit":"128"}""")]
    [InlineData("""{"zfs_filesystem_limit":-1}""")]
    [InlineData("""{"delegate_dataset":"safe"}""")]
    [InlineData("""{"brand":3}""")]
    public void FromVmadmObject_refuses_wrong_types_with_ParseError(string vm)
    {
        var ex = Assert.Throws<ZoneDelegationException>(() => Zone(vm));
        Assert.Equal(ErrorIds.ParseError, ex.ErrorId);
        Assert.NotNull(ex.Hint);
    }
}

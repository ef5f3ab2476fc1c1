using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Tests.Policy;

public class SafeDelegationTranslatorTests
{
    private const string Allowed = "930896af-bf8c-48d4-885c-6573a94b1853";
    private const string Stranger = "11111111-2222-3333-4444-555555555555";

    private static DelegationPolicy Policy(string name) => name switch
    {
        "default" => DelegationPolicy.Default,
        "disabled" => DelegationPolicy.Default with { Enabled = false },
        "allow-list" => DelegationPolicy.Default with { AllowedOwners = [Guid.Parse(Allowed)] },
        "allow-zero-owner" => DelegationPolicy.Default with { AllowedOwners = [Guid.Empty] },
        "small" => DelegationPolicy.Default with { SnapshotLimit = 5, FilesystemLimit = 2 },
        "zero" => DelegationPolicy.Default with { SnapshotLimit = 0, FilesystemLimit = 0 },
        "invalid" => DelegationPolicy.Default with { SnapshotLimit = -1 },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static DelegationDecision Translate(string json, string policy = "default") =>
        SafeDelegationTranslator.Translate(JsonNode.Parse(json)!.AsObject(), Policy(policy));

    private static string Canonical(JsonNode node) => node.ToJsonString();

    [Fact]
    public void Safe_becomes_true_with_canonical_limit_priv_and_the_policy_limits()
    {
        var decision = Translate("""{ "brand": "joyent", "alias": "db1", "delegate_dataset": "safe" }""");

        Assert.Equal(DelegationMode.Safe, decision.Mode);
        Assert.True(decision.SafeRequested);
        Assert.Equal(
            """{"brand":"joyent","alias":"db1","delegate_dataset":true,"limit_priv":"default,-sys_fs_import","zfs_snapshot_limit":128,"zfs_filesystem_limit":32}""",
            Canonical(decision.Payload));
        Assert.Empty(decision.Warnings);
        Assert.Equal(
            ["delegate_dataset", "limit_priv", "zfs_snapshot_limit", "zfs_filesystem_limit"],
            decision.Changes.Select(c => c.Property));
        Assert.Equal(new[] { "\"safe\"", null, null, null }, decision.Changes.Select(c => c.Before));
        Assert.Equal(["true", "\"default,-sys_fs_import\"", "128", "32"], decision.Changes.Select(c => c.After));
        Assert.All(decision.Changes, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
    }

    [Theory]
    [InlineData("joyent")]
    [InlineData("joyent-minimal")]
    [InlineData("lx")]
    public void Every_os_brand_may_use_safe(string brand)
    {
        var decision = Translate($$"""{ "brand": "{{brand}}", "delegate_dataset": "safe" }""");
        Assert.True(decision.Payload["delegate_dataset"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("SAFE")]
    [InlineData("Safe")]
    public void Safe_is_recognised_in_any_letter_case(string value) =>
        Assert.Equal(DelegationMode.Safe, Translate($$"""{ "brand": "joyent", "delegate_dataset": "{{value}}" }""").Mode);

    // caller's limit_priv, the limit_priv sent
    [Theory]
    [InlineData("\"default\"", "\"default,-sys_fs_import\"")]
    [InlineData("\"default,net_rawaccess\"", "\"default,net_rawaccess,-sys_fs_import\"")]
    [InlineData("\" default , proc_clock_highres \"", "\"default,proc_clock_highres,-sys_fs_import\"")]
    [InlineData("[\"default\",\"dtrace_user\"]", "\"default,dtrace_user,-sys_fs_import\"")]
    [InlineData("\"default,-sys_fs_import,default\"", "\"default,-sys_fs_import,default,-sys_fs_import\"")]
    public void The_callers_limit_priv_gets_the_removal_appended(string given, string sent)
    {
        var decision = Translate($$"""{ "brand": "joyent", "delegate_dataset": "safe", "limit_priv": {{given}} }""");

        Assert.Equal(sent, decision.Payload["limit_priv"]!.ToJsonString());
        var change = Assert.Single(decision.Changes, c => c.Property == "limit_priv");
        Assert.Equal(JsonNode.Parse(given)!.ToJsonString(), change.Before);
        Assert.Equal(sent, change.After);
    }

    [Theory]
    [InlineData("\"default,-sys_fs_import\"")]
    [InlineData("\"default,!sys_fs_import\"")]
    [InlineData("\"default,net_rawaccess,-SYS_FS_IMPORT\"")]
    [InlineData("\"all,-sys_fs_import\"")]
    [InlineData("\"zone,-sys_fs_import,basic\"")]
    [InlineData("[\"default\",\"-sys_fs_import\"]")]
    public void A_limit_priv_that_already_removes_it_last_is_kept_as_given(string given)
    {
        var decision = Translate($$"""{ "brand": "joyent", "delegate_dataset": "safe", "limit_priv": {{given}} }""");

        Assert.Equal(JsonNode.Parse(given)!.ToJsonString(), decision.Payload["limit_priv"]!.ToJsonString());
        Assert.DoesNotContain(decision.Changes, c => c.Property == "limit_priv");
    }

    [Fact]
    public void A_limit_priv_without_base_set_is_kept_but_warns()
    {
        var decision = Translate("""{ "brand": "joyent", "delegate_dataset": "safe", "limit_priv": "-sys_fs_import" }""");

        Assert.Equal("-sys_fs_import", decision.Payload["limit_priv"]!.GetValue<string>());
        Assert.Equal(DelegationWarningCodes.LimitPrivWithoutBaseSet, Assert.Single(decision.Warnings).Code);
    }

    [Fact]
    public void Limits_the_caller_gave_are_kept_and_the_missing_one_comes_from_the_policy()
    {
        var decision = Translate("""{ "brand": "lx", "delegate_dataset": "safe", "zfs_snapshot_limit": 1000 }""", "small");

        Assert.Equal(1000, decision.Payload["zfs_snapshot_limit"]!.GetValue<long>());
        Assert.Equal(2, decision.Payload["zfs_filesystem_limit"]!.GetValue<long>());
        Assert.DoesNotContain(decision.Changes, c => c.Property == "zfs_snapshot_limit");
        Assert.Contains(decision.Changes, c => c.Property == "zfs_filesystem_limit" && c.After == "2");
    }

    [Fact]
    public void Both_caller_limits_are_kept_exactly_as_given()
    {
        var decision = Translate("""{ "brand": "joyent", "delegate_dataset": "safe", "zfs_snapshot_limit": 1e3, "zfs_filesystem_limit": 7 }""");

        Assert.Equal("1e3", decision.Payload["zfs_snapshot_limit"]!.ToJsonString());
        Assert.Equal("7", decision.Payload["zfs_filesystem_limit"]!.ToJsonString());
    }

    [Theory]
    [InlineData("zfs_snapshot_limit", DelegationWarningCodes.SnapshotLimitZero)]
    [InlineData("zfs_filesystem_limit", DelegationWarningCodes.FilesystemLimitZero)]
    public void A_caller_limit_of_zero_is_kept_and_warns(string property, string code)
    {
        var decision = Translate($$"""{ "brand": "joyent", "delegate_dataset": "safe", "{{property}}": 0 }""");

        Assert.Equal(0, decision.Payload[property]!.GetValue<long>());
        Assert.Equal(code, Assert.Single(decision.Warnings).Code);
    }

    [Fact]
    public void A_policy_limit_of_zero_warns_too()
    {
        var decision = Translate("""{ "brand": "joyent", "delegate_dataset": "safe" }""", "zero");
        Assert.Equal([DelegationWarningCodes.SnapshotLimitZero, DelegationWarningCodes.FilesystemLimitZero],
            decision.Warnings.Select(w => w.Code));
    }

    [Theory]
    [InlineData("""{ "brand": "joyent", "delegate_dataset": "safe", "owner_uuid": "930896af-bf8c-48d4-885c-6573a94b1853" }""")]
    [InlineData("""{ "brand": "joyent", "delegate_dataset": "safe", "owner_uuid": "930896AF-BF8C-48D4-885C-6573A94B1853" }""")]
    public void An_owner_on_the_allow_list_may_use_safe(string json) =>
        Assert.Equal(DelegationMode.Safe, Translate(json, "allow-list").Mode);

    [Fact]
    public void A_missing_owner_is_vmadms_zero_owner_which_an_allow_list_may_name()
    {
        Assert.Equal(DelegationMode.Safe, Translate("""{ "brand": "joyent", "delegate_dataset": "safe" }""", "allow-zero-owner").Mode);
    }

    [Fact]
    public void The_input_is_never_changed_and_never_returned()
    {
        var input = JsonNode.Parse("""{ "brand": "joyent", "delegate_dataset": "safe", "limit_priv": "default", "tags": { "a": 1 } }""")!.AsObject();
        var before = input.ToJsonString();

        var decision = SafeDelegationTranslator.Translate(input, DelegationPolicy.Default);

        Assert.Equal(before, input.ToJsonString());
        Assert.NotSame(input, decision.Payload);
        decision.Payload["tags"]!["a"] = 2;
        Assert.Equal(before, input.ToJsonString());
    }

    // ---- pass-through: plain true, false, absent ----

    [Theory]
    [InlineData("joyent")]
    [InlineData("builder")]
    public void Plain_true_passes_through_untouched_with_a_warning(string brand)
    {
        var json = $$"""{"brand":"{{brand}}","delegate_dataset":true,"limit_priv":"default,sys_fs_import"}""";

        var decision = Translate(json, "disabled");

        Assert.Equal(DelegationMode.Plain, decision.Mode);
        Assert.False(decision.SafeRequested);
        Assert.Equal(json, Canonical(decision.Payload));
        Assert.Empty(decision.Changes);
        Assert.Equal(DelegationWarningCodes.DelegationNotSafe, Assert.Single(decision.Warnings).Code);
    }

    [Fact]
    public void Plain_true_ignores_the_allow_list()
    {
        var decision = Translate($$"""{"brand":"joyent","delegate_dataset":true,"owner_uuid":"{{Stranger}}"}""", "allow-list");
        Assert.Equal(DelegationMode.Plain, decision.Mode);
    }

    [Theory]
    [InlineData("""{"brand":"kvm","delegate_dataset":false}""")]
    [InlineData("""{"brand":"bhyve","ram":1024}""")]
    [InlineData("""{"delegate_dataset":false,"zfs_snapshot_limit":"junk"}""")]
    [InlineData("""{}""")]
    public void False_or_absent_passes_through_with_no_decisions(string json)
    {
        var decision = Translate(json, "disabled");

        Assert.Equal(DelegationMode.None, decision.Mode);
        Assert.Equal(json, Canonical(decision.Payload));
        Assert.Empty(decision.Changes);
        Assert.Empty(decision.Warnings);
    }

    // ---- refusals ----

    public static TheoryData<string, string, string, ZoneErrorCategory, string?> Refusals => new()
    {
        // payload, policy, ErrorId, category, target
        { """{"brand":"joyent","delegate_dataset":"safe"}""", "disabled", ErrorIds.SafeDelegationDisabled, ZoneErrorCategory.NotEnabled, "safe" },
        { """{"brand":"kvm","delegate_dataset":"safe"}""", "disabled", ErrorIds.SafeDelegationDisabled, ZoneErrorCategory.NotEnabled, "safe" },
        { $$"""{"brand":"joyent","delegate_dataset":"safe","owner_uuid":"{{Stranger}}"}""", "allow-list", ErrorIds.OwnerNotAllowed, ZoneErrorCategory.PermissionDenied, Stranger },
        { """{"brand":"joyent","delegate_dataset":"safe"}""", "allow-list", ErrorIds.OwnerNotAllowed, ZoneErrorCategory.PermissionDenied, "00000000-0000-0000-0000-000000000000" },
        { """{"brand":"kvm","delegate_dataset":"safe"}""", "default", ErrorIds.BrandCannotDelegate, ZoneErrorCategory.InvalidArgument, "kvm" },
        { """{"brand":"bhyve","delegate_dataset":"safe"}""", "default", ErrorIds.BrandCannotDelegate, ZoneErrorCategory.InvalidArgument, "bhyve" },
        { """{"brand":"builder","delegate_dataset":"safe"}""", "default", ErrorIds.BrandCannotDelegate, ZoneErrorCategory.InvalidArgument, "builder" },
        { """{"brand":"Joyent","delegate_dataset":"safe"}""", "default", ErrorIds.BrandCannotDelegate, ZoneErrorCategory.InvalidArgument, "Joyent" },
        { """{"brand":"kvm","delegate_dataset":true}""", "default", ErrorIds.BrandCannotDelegate, ZoneErrorCategory.InvalidArgument, "kvm" },
        { """{"brand":"bhyve","delegate_dataset":true}""", "default", ErrorIds.BrandCannotDelegate, ZoneErrorCategory.InvalidArgument, "bhyve" },
        { """{"delegate_dataset":"safe"}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "brand" },
        { """{"brand":null,"delegate_dataset":"safe"}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "brand" },
        { """{"delegate_dataset":true}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "brand" },
        { """{"brand":7,"delegate_dataset":"safe"}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "7" },
        { """{"brand":"joyent","delegate_dataset":"yes"}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "\"yes\"" },
        { """{"brand":"joyent","delegate_dataset":1}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "1" },
        { """{"brand":"joyent","delegate_dataset":"true"}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "\"true\"" },
        { """{"brand":"joyent","delegate_dataset":null}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, null },
        { """{"brand":"joyent","delegate_dataset":{}}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "{}" },
        { """{"brand":"joyent","delegate_dataset":"safe","owner_uuid":"bob"}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "\"bob\"" },
        { """{"brand":"joyent","delegate_dataset":"safe","owner_uuid":null}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, null },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":"default,sys_fs_import"}""", "default", ErrorIds.UnsafePrivilegeRequested, ZoneErrorCategory.SecurityError, "default,sys_fs_import" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":"default,+sys_fs_import"}""", "default", ErrorIds.UnsafePrivilegeRequested, ZoneErrorCategory.SecurityError, "default,+sys_fs_import" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":"sys_fs_import,-sys_fs_import"}""", "default", ErrorIds.UnsafePrivilegeRequested, ZoneErrorCategory.SecurityError, "sys_fs_import,-sys_fs_import" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":"all"}""", "default", ErrorIds.UnsafePrivilegeRequested, ZoneErrorCategory.SecurityError, "all" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":"zone"}""", "default", ErrorIds.UnsafePrivilegeRequested, ZoneErrorCategory.SecurityError, "zone" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":"default,-sys_fs_import,zone"}""", "default", ErrorIds.UnsafePrivilegeRequested, ZoneErrorCategory.SecurityError, "default,-sys_fs_import,zone" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":""}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "\"\"" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":" , "}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "\" , \"" },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":null}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, null },
        { """{"brand":"joyent","delegate_dataset":"safe","limit_priv":42}""", "default", ErrorIds.InvalidPayload, ZoneErrorCategory.InvalidArgument, "42" },
        { """{"brand":"joyent","delegate_dataset":"safe","zfs_snapshot_limit":-1}""", "default", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, "-1" },
        { """{"brand":"joyent","delegate_dataset":"safe","zfs_snapshot_limit":1.5}""", "default", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, "1.5" },
        { """{"brand":"joyent","delegate_dataset":"safe","zfs_snapshot_limit":"128"}""", "default", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, "\"128\"" },
        { """{"brand":"joyent","delegate_dataset":"safe","zfs_snapshot_limit":null}""", "default", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, "null" },
        { """{"brand":"joyent","delegate_dataset":"safe","zfs_filesystem_limit":""}""", "default", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, "\"\"" },
        { """{"brand":"joyent","delegate_dataset":"safe","zfs_filesystem_limit":true}""", "default", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, "true" },
        { """{"brand":"joyent","delegate_dataset":"safe","zfs_filesystem_limit":18446744073709551615}""", "default", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, "18446744073709551615" },
        { """{"brand":"joyent","delegate_dataset":"safe"}""", "invalid", ErrorIds.InvalidLimitValue, ZoneErrorCategory.InvalidArgument, null },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusals_throw_with_id_category_target_and_hint_and_change_nothing(
        string json, string policy, string errorId, ZoneErrorCategory category, string? target)
    {
        var input = JsonNode.Parse(json)!.AsObject();
        var before = input.ToJsonString();
        DelegationDecision? decision = null;

        var ex = Assert.Throws<ZoneDelegationException>(() => decision = SafeDelegationTranslator.Translate(input, Policy(policy)));

        Assert.Null(decision);
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(category, ex.Category);
        if (policy != "invalid")
        {
            Assert.Equal(target, ex.Target);
        }

        Assert.False(string.IsNullOrWhiteSpace(ex.Hint));
        Assert.Equal(before, input.ToJsonString());
    }

    [Fact]
    public void Builder_refusal_explains_that_plain_delegation_remains_possible()
    {
        var ex = Assert.Throws<ZoneDelegationException>(() => Translate("""{"brand":"builder","delegate_dataset":"safe"}"""));
        Assert.Contains("delegate_dataset: true", ex.Hint);
    }

    [Fact]
    public void Missing_owner_refusal_says_the_owner_defaulted()
    {
        var ex = Assert.Throws<ZoneDelegationException>(() => Translate("""{"brand":"joyent","delegate_dataset":"safe"}""", "allow-list"));
        Assert.Contains("no owner_uuid", ex.Hint);
    }

    [Fact]
    public void Unsafe_privilege_refusal_names_the_offending_token()
    {
        var ex = Assert.Throws<ZoneDelegationException>(() =>
            Translate("""{"brand":"joyent","delegate_dataset":"safe","limit_priv":"default,-sys_fs_import,all"}"""));
        Assert.Contains("'all'", ex.Message);
    }
}

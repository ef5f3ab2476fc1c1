using Xunit;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Tests.Policy;

public class DelegationPolicyJsonTests
{
    [Fact]
    public void Serialize_writes_every_setting_with_camelCase_keys()
    {
        var policy = new DelegationPolicy
        {
            Enabled = false,
            AllowedOwners = [Guid.Parse("930896AF-BF8C-48D4-885C-6573A94B1853")],
            SnapshotLimit = 10,
            FilesystemLimit = 0,
            MinimumPlatform = PlatformStamp.Parse("20200601T000000Z"),
            MemoryOverprovisionRatio = 1.5,
        };

        var json = DelegationPolicyJson.Serialize(policy);

        var expected = """
            {
              "enabled": false,
              "allowedOwners": [
                "930896af-bf8c-48d4-885c-6573a94b1853"
              ],
              "snapshotLimit": 10,
              "filesystemLimit": 0,
              "minimumPlatform": "20200601T000000Z",
              "memoryOverprovisionRatio": 1.5,
              "diskOverprovisionRatio": 1
            }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), json.ReplaceLineEndings("\n"));
    }

    public static TheoryData<DelegationPolicy> Policies => new()
    {
        DelegationPolicy.Default,
        new DelegationPolicy { Enabled = false },
        new DelegationPolicy { AllowedOwners = [Guid.NewGuid(), Guid.NewGuid(), Guid.Empty] },
        new DelegationPolicy { SnapshotLimit = 0, FilesystemLimit = ZoneLimitValue.MaxExact },
        new DelegationPolicy { MinimumPlatform = PlatformStamp.Parse("20991231T235959Z") },
        new DelegationPolicy { MemoryOverprovisionRatio = 1.5, DiskOverprovisionRatio = 2 },
    };

    [Theory]
    [InlineData("""{ "memoryOverprovisionRatio": 0 }""", "memoryOverprovisionRatio")]
    [InlineData("""{ "diskOverprovisionRatio": "2" }""", "diskOverprovisionRatio")]
    public void An_overprovision_ratio_that_is_not_a_number_above_0_is_refused(string json, string key)
    {
        var error = Assert.Throws<FormatException>(() => DelegationPolicyJson.Deserialize(json));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overprovision_ratio_out_of_range_is_InvalidOverprovisionRatio()
    {
        var validation = (DelegationPolicy.Default with { MemoryOverprovisionRatio = 1000 }).Validate();

        Assert.Equal(ZoneDelegation.Core.Errors.ErrorIds.InvalidOverprovisionRatio, Assert.Single(validation.Errors).ErrorId);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Round_trip_gives_an_equal_policy(DelegationPolicy policy) =>
        Assert.Equal(policy, DelegationPolicyJson.Deserialize(DelegationPolicyJson.Serialize(policy)));

    [Fact]
    public void Missing_keys_keep_their_defaults()
    {
        Assert.Equal(DelegationPolicy.Default, DelegationPolicyJson.Deserialize("{}"));
        Assert.Equal(DelegationPolicy.Default with { Enabled = false },
            DelegationPolicyJson.Deserialize("""{ "enabled": false }"""));
    }

    [Fact]
    public void Owner_uuids_in_any_letter_case_are_the_same_owner()
    {
        var policy = DelegationPolicyJson.Deserialize("""{ "allowedOwners": ["930896AF-BF8C-48D4-885C-6573A94B1853"] }""");
        Assert.True(policy.IsOwnerAllowed(Guid.Parse("930896af-bf8c-48d4-885c-6573a94b1853")));
    }

    // document, a fragment the error message must contain
    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{", "not valid JSON")]
    [InlineData("{ \"enabled\": true, }", "not valid JSON")]
    [InlineData("// comment\n{}", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("null", "must be a JSON object")]
    [InlineData("{ \"snapshotlimit\": 5 }", "'snapshotlimit' is unknown")]
    [InlineData("{ \"SnapshotLimit\": 5 }", "'SnapshotLimit' is unknown")]
    [InlineData("{ \"snapshotLimits\": 5 }", "'snapshotLimits' is unknown")]
    [InlineData("{ \"enabled\": true, \"enabled\": false }", "appears twice")]
    [InlineData("{ \"enabled\": \"yes\" }", "'enabled' must be true or false")]
    [InlineData("{ \"enabled\": null }", "'enabled' must be true or false")]
    [InlineData("{ \"enabled\": 1 }", "'enabled' must be true or false")]
    [InlineData("{ \"snapshotLimit\": \"128\" }", "'snapshotLimit' must be a whole number")]
    [InlineData("{ \"snapshotLimit\": 1.5 }", "'snapshotLimit' must be a whole number")]
    [InlineData("{ \"snapshotLimit\": -1 }", "'snapshotLimit' must be a whole number")]
    [InlineData("{ \"filesystemLimit\": null }", "'filesystemLimit' must be a whole number")]
    [InlineData("{ \"filesystemLimit\": 99999999999999999999 }", "'filesystemLimit' must be a whole number")]
    [InlineData("{ \"allowedOwners\": \"930896af-bf8c-48d4-885c-6573a94b1853\" }", "must be an array")]
    [InlineData("{ \"allowedOwners\": [\"not-a-uuid\"] }", "'allowedOwners'[0]")]
    [InlineData("{ \"allowedOwners\": [\"930896af-bf8c-48d4-885c-6573a94b1853\", 7] }", "'allowedOwners'[1]")]
    [InlineData("{ \"allowedOwners\": [\"{930896af-bf8c-48d4-885c-6573a94b1853}\"] }", "not a UUID")]
    [InlineData("{ \"allowedOwners\": [\"930896afbf8c48d4885c6573a94b1853\"] }", "not a UUID")]
    [InlineData("{ \"minimumPlatform\": \"2015-04-18\" }", "'minimumPlatform' must be a platform stamp")]
    [InlineData("{ \"minimumPlatform\": \"20151318T000000Z\" }", "'minimumPlatform' must be a platform stamp")]
    [InlineData("{ \"minimumPlatform\": 20150418 }", "'minimumPlatform' must be a platform stamp")]
    public void Anything_wrong_is_an_error_that_says_what(string json, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => DelegationPolicyJson.Deserialize(json));
        Assert.Contains(fragment, ex.Message);
    }
}

using Xunit;
using ZoneDelegation.Core.Compliance;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Parsing;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

/// <summary>Issue 8 item 10: hostile output from a CN is a ParseError or InvalidPayload, never an UnexpectedError.</summary>
public class HostileOutputTests
{
    [Theory]
    [InlineData("253402300800")] // the first second of the year 10000
    [InlineData("9223372036854775808")] // past long.MaxValue
    [InlineData("18446744073709551614")]
    public void ACreationTimePastTheYear9999IsAParseError(string seconds)
    {
        var rows = ZfsListParser.Parse(new StringReader($"zones/z@a\t{seconds}\t1\t2\n"), ZfsFieldList.SnapshotListing);
        var error = Assert.Throws<ParseException>(() => rows.Single().GetTimestamp("creation"));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
    }

    [Fact]
    public void TheLastSecondOfTheYear9999IsStillATime()
    {
        var row = ZfsListParser.Parse(new StringReader($"zones/z@a\t{UnixTime.MaxSeconds}\t1\t2\n"), ZfsFieldList.SnapshotListing).Single();
        Assert.Equal(9999, row.GetTimestamp("creation")!.Value.Year);
    }

    [Fact]
    public void DuplicateKeysInVmadmJsonAreAParseError()
    {
        var error = Assert.Throws<ParseException>(() => VmadmJsonParser.ParseObject(new StringReader("{\"uuid\": \"a\", \"alias\": \"x\", \"alias\": \"y\"}")));
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateKeysInAListingAreAParseError()
    {
        var listing = "[{\"uuid\": \"a\"}, {\"uuid\": \"b\", \"uuid\": \"c\"}]";
        Assert.Throws<ParseException>(() => VmadmJsonParser.ParseArray(new StringReader(listing)).ToList());
    }

    [Fact]
    public void DuplicateKeysInThePayloadAreInvalidPayload()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => JsonPayload.From("{\"brand\": \"joyent\", \"brand\": \"lx\"}"));
        Assert.Equal(ErrorIds.InvalidPayload, error.ErrorId);
    }

    // Issue 8 item 13: a zone alias is the tenant's text; it reaches views, errors and completion without control characters.
    private const string HostileAliasJson = @"db\u001b]0;owned\u0007\u001b[2J\u009b1m\u202Eexe.txt";

    [Fact]
    public void A_zone_alias_loses_its_control_characters_in_Get_SafeZone_the_audit_and_completion()
    {
        const string Uuid = "61316833-2323-4d07-a4be-4a25d76f63a6";
        var vm = $$"""[{"uuid": "{{Uuid}}", "alias": "{{HostileAliasJson}}", "brand": "joyent", "state": "running"}]""";
        var fleet = FakeFleet.Safe(1);
        fleet.Zones[0].Alias = System.Text.Json.JsonSerializer.Deserialize<string>("\"" + HostileAliasJson + "\"");
        var transport = new ScriptedTransport()
            .On("vmadm lookup -j -o uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem", vm)
            .On("vmadm lookup -j -o uuid,alias", vm);

        var listed = Assert.IsType<SafeZone>(Assert.Single(SafeZoneReader.List(transport.Connect(), SafeZoneFilter.All, DelegationPolicy.Default)));
        var named = Assert.Single(ZoneNameLister.List(transport.Connect()));
        var audited = Assert.IsType<ZoneCompliance>(Assert.Single(ZoneComplianceAuditor.Audit(fleet.Transport().Connect(), DelegationPolicy.Default)));

        foreach (var alias in new[] { listed.Alias, named.Alias, audited.Alias })
        {
            Assert.Equal("db]0;owned[2J1mexe.txt", alias);
        }
    }

    [Fact]
    public void The_offending_line_of_a_ParseError_has_no_control_characters()
    {
        var error = Assert.Throws<ParseException>(() =>
            ZfsListParser.Parse(new StringReader("zones/z@a\t\u001b[2Jnot-a-number\t1\t2\n"), ZfsFieldList.SnapshotListing).Single().GetTimestamp("creation"));

        Assert.DoesNotContain(error.Target!.ToString()!, c => char.IsControl(c) && c != '\t');
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    [Fact]
    public void A_duplicate_key_with_escapes_in_a_listing_gives_a_message_without_control_characters()
    {
        const string Uuid = "61316833-2323-4d07-a4be-4a25d76f63a6";
        var listing = $$"""[{"uuid": "{{Uuid}}", "\u001b]0;x\u0007": 1, "\u001b]0;x\u0007": 2}]""";

        var element = Assert.Single(VmadmJsonParser.ParseArrayElements(new StringReader(listing)));

        Assert.Equal(Uuid, element.ZoneUuid);
        Assert.DoesNotContain(element.Error!.Message, c => char.IsControl(c));
    }

    [Fact]
    public void A_malformed_field_names_the_zone_by_its_uuid_without_quotes()
    {
        const string Uuid = "61316833-2323-4d07-a4be-4a25d76f63a6";
        var vm = $$"""[{"uuid": "{{Uuid}}", "brand": "joyent", "datasets": "zones/{{Uuid}}/data"}]""";
        var transport = new ScriptedTransport()
            .On("vmadm lookup -j -o uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem", vm);

        var error = Assert.IsAssignableFrom<ZoneDelegationException>(
            Assert.Single(SafeZoneReader.List(transport.Connect(), SafeZoneFilter.All, DelegationPolicy.Default)));

        Assert.Equal((ErrorIds.ParseError, (object?)Uuid), (error.ErrorId, error.Target));
        Assert.Contains($"zone {Uuid}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_uuid_that_is_not_one_never_reaches_a_message_or_completion()
    {
        var vm = """[{"uuid": "x; Remove-Item -Recurse ~ #\u001b[2J", "alias": 7}, {"uuid": "6f0d3b4a-0000-4000-8000-000000000abc", "alias": "ok"}]""";
        var transport = new ScriptedTransport()
            .On("vmadm lookup -j -o uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem", vm)
            .On("vmadm lookup -j -o uuid,alias", vm);

        var error = Assert.IsAssignableFrom<ZoneDelegationException>(
            SafeZoneReader.List(transport.Connect(), SafeZoneFilter.All, DelegationPolicy.Default).First());
        var named = Assert.Single(ZoneNameLister.List(transport.Connect()));

        Assert.DoesNotContain("Remove-Item", error.Message, StringComparison.Ordinal);
        Assert.Equal("alias", error.Target);
        Assert.Equal("6f0d3b4a-0000-4000-8000-000000000abc", named.Uuid);
    }

    [Fact]
    public void An_alias_with_line_breaks_and_tabs_stays_on_one_line()
    {
        const string Uuid = "61316833-2323-4d07-a4be-4a25d76f63a6";
        var vm = $$"""[{"uuid": "{{Uuid}}", "alias": "web\nIsSafe : True\tx"}]""";
        var transport = new ScriptedTransport()
            .On("vmadm lookup -j -o uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem", vm);

        var zone = Assert.IsType<SafeZone>(Assert.Single(SafeZoneReader.List(transport.Connect(), SafeZoneFilter.All, DelegationPolicy.Default)));

        Assert.Equal("web IsSafe : True x", zone.Alias);
    }

    [Fact]
    public void An_unparsable_element_is_named_by_its_own_uuid_not_one_inside_its_tags()
    {
        const string Own = "61316833-2323-4d07-a4be-4a25d76f63a6";
        var listing = $$"""[{"tags": {"uuid": "30dbeb90-4b1d-45a1-b8ad-a1fe93068b5a"}, "alias": "uuid", "uuid": "{{Own}}", "uuid": "{{Own}}"}]""";

        var element = Assert.Single(VmadmJsonParser.ParseArrayElements(new StringReader(listing)));

        Assert.Equal(Own, element.ZoneUuid);
    }
}

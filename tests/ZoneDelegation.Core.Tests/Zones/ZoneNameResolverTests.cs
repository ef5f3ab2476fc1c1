using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

/// <summary>
/// Issue 17 item 1: -Zone takes a UUID, an alias or a wildcard. Aliases are resolved against one vmadm listing
/// per CN (never put on a command line); one alias on several zones is ZoneAmbiguous, naming them; an exact name
/// no zone answers to is ZoneNotFound; a writer's wildcard may name one zone only.
/// </summary>
public sealed class ZoneNameResolverTests
{
    private const string Web = "61316833-2323-4d07-a4be-4a25d76f63a6";
    private const string DupA = "30dbeb90-4b1d-45a1-b8ad-a1fe93068b5a";
    private const string DupB = "26e4d675-d3cf-6d90-ba6d-e33a8a79a1f4";
    private const string ListKey = "vmadm lookup -j -o uuid,alias";

    private static readonly string Listing =
        $$"""[{"uuid": "{{Web}}", "alias": "web01"}, {"uuid": "{{DupA}}", "alias": "dup"}, {"uuid": "{{DupB}}", "alias": "dup"}]""";

    private static ZoneSelector[] Names(params string[] names) => names.Select(ZoneSelector.Parse).ToArray();

    [Theory]
    [InlineData(Web, true, false)]
    [InlineData("web01", false, false)]
    [InlineData("web*", false, true)]
    [InlineData("db[12]", false, true)]
    [InlineData("x;rm -rf /", false, false)]
    public void A_name_is_a_UUID_a_wildcard_or_else_an_alias(string text, bool isUuid, bool isWildcard)
    {
        var selector = ZoneSelector.Parse(text);

        Assert.Equal(isUuid, selector.Uuid is not null);
        Assert.Equal(isWildcard, selector.IsWildcard);
        Assert.Equal(!isUuid && !isWildcard, selector.IsAlias);
    }

    [Fact]
    public void An_alias_is_resolved_with_one_listing_and_never_reaches_a_command_line()
    {
        var transport = FakeComputeNodes.Smartos().On(ListKey, Listing);
        using var connection = transport.Connect();

        var resolution = ZoneNameResolver.Resolve(connection, Names("web01", "WEB01", Web), oneZoneEach: true);

        Assert.Equal([ZoneUuid.Parse(Web)], resolution.Zones);
        Assert.Empty(resolution.Errors);
        Assert.Single(transport.CommandKeys, key => key.StartsWith("vmadm lookup", StringComparison.Ordinal));
        Assert.DoesNotContain(transport.CommandKeys, key => key.Contains("web01", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void UUIDs_alone_need_no_command()
    {
        var transport = new ScriptedTransport();
        using var connection = transport.Connect();

        var resolution = ZoneNameResolver.Resolve(connection, Names(DupA, Web), oneZoneEach: false);

        Assert.Equal([ZoneUuid.Parse(DupA), ZoneUuid.Parse(Web)], resolution.Zones);
        Assert.Empty(transport.CommandKeys);
    }

    [Fact]
    public void An_alias_on_several_zones_is_ZoneAmbiguous_listing_them_and_names_none()
    {
        using var connection = FakeComputeNodes.Smartos().On(ListKey, Listing).Connect();

        var resolution = ZoneNameResolver.Resolve(connection, Names("dup"), oneZoneEach: false);

        Assert.Empty(resolution.Zones);
        var error = Assert.Single(resolution.Errors);
        Assert.Equal(ErrorIds.ZoneAmbiguous, error.ErrorId);
        Assert.Contains(DupA, error.Message, StringComparison.Ordinal);
        Assert.Contains(DupB, error.Message, StringComparison.Ordinal);
        Assert.Equal("dup", error.Target);
    }

    [Fact]
    public void A_reader_s_wildcard_names_every_match_and_a_writer_s_only_one()
    {
        using var connection = FakeComputeNodes.Smartos().On(ListKey, Listing).Connect();

        var read = ZoneNameResolver.Resolve(connection, Names("d*"), oneZoneEach: false);
        var write = ZoneNameResolver.Resolve(connection, Names("d*"), oneZoneEach: true);
        var writeOne = ZoneNameResolver.Resolve(connection, Names("w*"), oneZoneEach: true);
        var nothing = ZoneNameResolver.Resolve(connection, Names("zz*"), oneZoneEach: true);

        Assert.Equal([ZoneUuid.Parse(DupA), ZoneUuid.Parse(DupB)], read.Zones);
        Assert.Empty(read.Errors);
        Assert.Empty(write.Zones);
        Assert.Equal(ErrorIds.ZoneAmbiguous, Assert.Single(write.Errors).ErrorId);
        Assert.Equal([ZoneUuid.Parse(Web)], writeOne.Zones);
        Assert.Empty(nothing.Zones);
        Assert.Empty(nothing.Errors);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("00000000-0000-4000-8000-000000000000")]
    public void An_exact_name_no_zone_answers_to_is_ZoneNotFound(string name)
    {
        using var connection = FakeComputeNodes.Smartos().On(ListKey, Listing).Connect();

        var resolution = ZoneNameResolver.Resolve(connection, Names(name, "web01"), oneZoneEach: false);

        Assert.Equal([ZoneUuid.Parse(Web)], resolution.Zones);
        var error = Assert.Single(resolution.Errors);
        Assert.Equal(ErrorIds.ZoneNotFound, error.ErrorId);
        Assert.Equal(name, error.Target);
    }

    [Fact]
    public void Without_vmadm_an_alias_is_said_to_need_it_and_a_UUID_still_names_its_zone()
    {
        using var connection = FakeComputeNodes.Legacy().Connect();

        var resolution = ZoneNameResolver.Resolve(connection, Names("web01", Web), oneZoneEach: false);

        Assert.Equal([ZoneUuid.Parse(Web)], resolution.Zones);
        var error = Assert.Single(resolution.Errors);
        Assert.Equal(ErrorIds.PlatformNotSupported, error.ErrorId);
        Assert.Contains("has no vmadm", error.Message, StringComparison.Ordinal);
        Assert.Contains("web01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveOne_throws_the_name_s_error()
    {
        using var connection = FakeComputeNodes.Smartos().On(ListKey, Listing).Connect();

        Assert.Equal(Web, ZoneNameResolver.ResolveOne(connection, "web01").Value);
        Assert.Equal(ErrorIds.ZoneAmbiguous, Assert.Throws<ZoneDelegationException>(() => ZoneNameResolver.ResolveOne(connection, "dup")).ErrorId);
        Assert.Equal(ErrorIds.ZoneAmbiguous, Assert.Throws<ZoneDelegationException>(() => ZoneNameResolver.ResolveOne(connection, "*")).ErrorId);
        Assert.Equal(ErrorIds.ZoneNotFound, Assert.Throws<ZoneDelegationException>(() => ZoneNameResolver.ResolveOne(connection, "web02")).ErrorId);
    }

    [Fact]
    public void Get_SafeZone_resolves_names_in_its_own_listing_holding_an_ambiguous_alias_s_zones_back()
    {
        const string lookupKey =
            "vmadm lookup -j -o uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem";
        var transport = new ScriptedTransport().On(lookupKey, Listing.Replace("\"alias\"", "\"brand\": \"joyent\", \"alias\"", StringComparison.Ordinal));
        using var connection = transport.Connect();
        var filter = new SafeZoneFilter { Zones = Names("web01", "dup", "nosuch", "d*") };

        var items = SafeZoneReader.List(connection, filter, DelegationPolicy.Default).ToList();

        Assert.Equal([DupA, DupB], items.OfType<SafeZone>().Select(zone => zone.Uuid).Take(2));
        Assert.Equal(Web, items.OfType<SafeZone>().Last().Uuid);
        Assert.Equal([ErrorIds.ZoneAmbiguous, ErrorIds.ZoneNotFound], items.OfType<ZoneDelegationException>().Select(error => error.ErrorId).Order());
        Assert.Equal([lookupKey], transport.CommandKeys);
    }
}

using System.Text.RegularExpressions;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

public sealed class SafeZoneReaderTests
{
    private const string SafeUuid = "61316833-2323-4d07-a4be-4a25d76f63a6";
    private const string PlainUuid = "30dbeb90-4b1d-45a1-b8ad-a1fe93068b5a";
    private const string BareUuid = "26e4d675-d3cf-6d90-ba6d-e33a8a79a1f4";
    private const string Owner = "c8ce395b-7508-4101-aea6-dc2a66e48451";

    // A safe zone, a plain delegate_dataset: true zone, and a KVM VM with nulls and missing keys.
    private static readonly string Lookup = $$"""
        [
          {
            "uuid": "{{SafeUuid}}",
            "alias": "db1",
            "brand": "joyent",
            "owner_uuid": "{{Owner}}",
            "state": "running",
            "datasets": ["tank/{{SafeUuid}}/data"],
            "limit_priv": "default,-sys_fs_import",
            "zfs_snapshot_limit": 128,
            "zfs_filesystem_limit": 32,
            "zfs_filesystem": "tank/{{SafeUuid}}"
          },
          {
            "uuid": "{{PlainUuid}}",
            "alias": "web, [edge] \"one\"",
            "brand": "lx",
            "owner_uuid": "00000000-0000-0000-0000-000000000000",
            "state": "stopped",
            "datasets": ["tank/{{PlainUuid}}/data"],
            "zfs_filesystem": "tank/{{PlainUuid}}"
          },
          {
            "uuid": "{{BareUuid}}",
            "alias": null,
            "brand": "kvm",
            "state": "running",
            "limit_priv": null
          }
        ]
        """;

    private const string LookupKey =
        "vmadm lookup -j -o uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem";

    private static ScriptedTransport Cn(string output = "") => new ScriptedTransport().On(LookupKey, output.Length == 0 ? Lookup : output);

    [Fact]
    public void ListRunsOneLookupWithTheFieldsItNeeds()
    {
        var transport = Cn();
        var zones = SafeZoneReader.List(transport.Connect(), SafeZoneFilter.All, DelegationPolicy.Default).Cast<SafeZone>().ToList();

        Assert.Equal(3, zones.Count);
        var command = Assert.Single(transport.Commands);
        Assert.Equal("vmadm", command.Program);
        Assert.Equal(["lookup", "-j", "-o", "uuid,alias,brand,owner_uuid,state,datasets,limit_priv,zfs_snapshot_limit,zfs_filesystem_limit,zfs_filesystem"],
            command.Arguments);
        Assert.Null(command.StandardInput);
    }

    [Fact]
    public void EachZoneIsJudgedAgainstThePolicy()
    {
        var zones = SafeZoneReader.List(Cn().Connect(), SafeZoneFilter.All, DelegationPolicy.Default).Cast<SafeZone>().ToDictionary(z => z.Uuid);

        var safe = zones[SafeUuid];
        Assert.True(safe.IsSafe);
        Assert.Equal("cn1", safe.ComputeNode);
        Assert.Equal("db1", safe.Alias);
        Assert.Equal(Owner, safe.OwnerUuid);
        Assert.Equal("running", safe.State);
        Assert.Equal(128UL, safe.SnapshotLimit);
        Assert.Equal(32UL, safe.FilesystemLimit);
        Assert.False(safe.ReceiveAllowed);
        Assert.Equal($"tank/{SafeUuid}", safe.ZoneRootDataset);
        Assert.Null(safe.DataZoned);

        var plain = zones[PlainUuid];
        Assert.False(plain.IsSafe);
        Assert.True(plain.IsDelegated);
        Assert.True(plain.ReceiveAllowed);
        Assert.Equal("default", plain.LimitPriv);
        Assert.Null(plain.SnapshotLimit);
        Assert.Equal(
            [SafetyFindingCode.ReceiveAllowed, SafetyFindingCode.SnapshotLimitMissing, SafetyFindingCode.FilesystemLimitMissing],
            plain.Findings.Select(f => f.CodeValue));
        Assert.Equal("web, [edge] \"one\"", plain.Alias);

        var bare = zones[BareUuid];
        Assert.Null(bare.Alias);
        Assert.Null(bare.OwnerUuid);
        Assert.Empty(bare.DelegatedDatasets);
        Assert.False(bare.IsDelegated);
        Assert.Empty(bare.Findings);
        Assert.True(bare.IsSafe);
    }

    [Fact]
    public void UuidAndOwnerNarrowTheLookupItself()
    {
        var transport = new ScriptedTransport().On($"{LookupKey} uuid={SafeUuid} owner_uuid={Owner}", Lookup);
        var filter = new SafeZoneFilter { Uuid = ZoneUuid.Parse(SafeUuid.ToUpperInvariant()), OwnerUuid = Guid.Parse(Owner) };

        var zone = Assert.Single(SafeZoneReader.List(transport.Connect(), filter, DelegationPolicy.Default).Cast<SafeZone>());

        // The answer holds every zone, as a vmadm ignoring the filters would: this side filters again.
        Assert.Equal(SafeUuid, zone.Uuid);
        Assert.Single(transport.Commands);
    }

    [Fact]
    public void AliasPredicateAndDelegatedOnlyFilterOnThisSide()
    {
        var wildcard = new Regex("^web.*$");
        var byAlias = SafeZoneReader.List(Cn().Connect(), new SafeZoneFilter { AliasMatches = wildcard.IsMatch }, DelegationPolicy.Default).Cast<SafeZone>();
        Assert.Equal([PlainUuid], byAlias.Select(z => z.Uuid));

        var delegated = SafeZoneReader.List(Cn().Connect(), new SafeZoneFilter { DelegatedOnly = true }, DelegationPolicy.Default).Cast<SafeZone>();
        Assert.Equal([SafeUuid, PlainUuid], delegated.Select(z => z.Uuid));

        var none = SafeZoneReader.List(Cn().Connect(), new SafeZoneFilter { AliasMatches = _ => false }, DelegationPolicy.Default).Cast<SafeZone>();
        Assert.Empty(none);
    }

    [Fact]
    public void AnEmptyCnListsNothing()
    {
        Assert.Empty(SafeZoneReader.List(Cn("[]\n").Connect(), SafeZoneFilter.All, DelegationPolicy.Default).Cast<SafeZone>());
    }

    [Fact]
    public void OneBadZoneIsItsOwnParseErrorAndTheRestOfTheCnIsStillListed()
    {
        // Issue 8 item 10: a wrongly typed key and duplicate keys, between two good zones.
        var output = $$"""
            [{"uuid": "{{SafeUuid}}", "alias": "db1"},
             {"uuid": "{{PlainUuid}}", "alias": 42},
             {"uuid": "{{BareUuid}}", "alias": "x", "alias": "y"},
             {"uuid": "{{Owner}}", "alias": "last"}]
            """;

        var items = SafeZoneReader.List(Cn(output).Connect(), SafeZoneFilter.All, DelegationPolicy.Default).ToList();

        Assert.Equal(4, items.Count);
        Assert.Equal(SafeUuid, Assert.IsType<SafeZone>(items[0]).Uuid);
        var wronglyTyped = Assert.IsAssignableFrom<ZoneDelegationException>(items[1]);
        Assert.Equal((ErrorIds.ParseError, (object?)PlainUuid), (wronglyTyped.ErrorId, wronglyTyped.Target));
        var duplicate = Assert.IsAssignableFrom<ZoneDelegationException>(items[2]);
        Assert.Equal((ErrorIds.ParseError, (object?)BareUuid), (duplicate.ErrorId, duplicate.Target));
        Assert.Contains($"zone {BareUuid}", duplicate.Message, StringComparison.Ordinal);
        Assert.All(new[] { wronglyTyped, duplicate }, error => Assert.StartsWith("cn1: ", error.Message, StringComparison.Ordinal));
        Assert.Equal(Owner, Assert.IsType<SafeZone>(items[3]).Uuid);
    }

    [Fact]
    public void ABrokenArrayStillEndsTheListingWithAParseError()
    {
        // Without balanced brackets no element boundary can be trusted: nothing after it is guessed at.
        var output = $$"""[{"uuid": "{{SafeUuid}}"}, {"uuid": "{{PlainUuid}}", "alias": [}""";

        var error = Assert.ThrowsAny<ZoneDelegationException>(() =>
            SafeZoneReader.List(Cn(output).Connect(), SafeZoneFilter.All, DelegationPolicy.Default).ToList());
        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
    }

    [Fact]
    public void GetReadsOneZoneWithVmadmGet()
    {
        var transport = new ScriptedTransport().On($"vmadm get {SafeUuid}",
            $$"""{"uuid": "{{SafeUuid}}", "brand": "joyent", "datasets": ["tank/{{SafeUuid}}/data"], "limit_priv": "default,-sys_fs_import", "zfs_snapshot_limit": 5, "zfs_filesystem_limit": 0}""");

        var zone = SafeZoneReader.Get(transport.Connect(), ZoneUuid.Parse(SafeUuid), DelegationPolicy.Default);

        Assert.True(zone.IsSafe);
        Assert.Equal(5UL, zone.SnapshotLimit);
        Assert.Equal(0UL, zone.FilesystemLimit);
        Assert.Equal(["get", SafeUuid], Assert.Single(transport.Commands).Arguments);
    }

    [Fact]
    public void GetOfAnUnknownZoneIsZoneNotFound()
    {
        var transport = new ScriptedTransport().On($"vmadm get {SafeUuid}", exitCode: 1, stderr: $"zoneadm: {SafeUuid}: No such zone configured\n");

        var error = Assert.Throws<ZoneDelegationException>(() =>
            SafeZoneReader.Get(transport.Connect(), ZoneUuid.Parse(SafeUuid), DelegationPolicy.Default));

        Assert.Equal(ErrorIds.ZoneNotFound, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal(SafeUuid, error.Target);
    }

    [Fact]
    public void GetPassesOtherFailuresOn()
    {
        var transport = new ScriptedTransport().On($"vmadm get {SafeUuid}", exitCode: 1, stderr: "vmadm: internal error");
        var error = Assert.Throws<Errors.NativeCommandException>(() =>
            SafeZoneReader.Get(transport.Connect(), ZoneUuid.Parse(SafeUuid), DelegationPolicy.Default));
        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
    }
}

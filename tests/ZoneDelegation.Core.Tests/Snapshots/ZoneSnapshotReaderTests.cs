using System.Globalization;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Snapshots;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zfs.Names;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;

namespace ZoneDelegation.Core.Tests.Snapshots;

public class ZoneSnapshotReaderTests
{
    private const string ListKey = $"zfs list -H -p -t snapshot -o name,creation,used,referenced -r {Root}";
    private const string GetKey = $"zfs get -H -p -r -o name,property,value,source type,creation,used,referenced {Root}";

    private static readonly SnapshotScope[] All = [];

    private const string Listing =
        $"{Root}@vmsnap-a\t1700000000\t1024\t4096\n" +
        $"{Root}/data@daily-1\t1700000100\t0\t8192\n" +
        $"{Root}/data/db@daily-2\t1700000200\t512\t2048\n" +
        $"{Root}/cores@x\t1700000300\t0\t0\n" +
        $"{Root}/database@y\t1700000400\t0\t0\n";

    [Fact]
    public void ParsableListingIsClassifiedByScope()
    {
        var transport = Smartos().On(ListKey, Listing);
        using var connection = transport.Connect();

        var snapshots = ZoneSnapshotReader.List(connection, ZoneUuid.Parse(Zone), All, null).ToList();

        Assert.Equal(
            [("a", SnapshotScope.Root), ("daily-1", SnapshotScope.Delegated), ("daily-2", SnapshotScope.Delegated),
             ("x", SnapshotScope.Other), ("y", SnapshotScope.Other)],
            snapshots.Select(s => (s.Name, s.ScopeValue)));
        var first = snapshots[0];
        Assert.Equal("cn1", first.ComputeNode);
        Assert.Equal(Zone, first.Zone);
        Assert.Equal(Root, first.Dataset);
        Assert.Equal("vmsnap-a", first.ZfsName);
        Assert.Equal($"{Root}@vmsnap-a", first.FullName);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), first.Created);
        Assert.Equal(1024UL, first.Used);
        Assert.Equal(4096UL, first.Referenced);
        Assert.Equal($"{Root}/data/db", snapshots[2].Dataset);
        Assert.Equal(ListKey, transport.CommandKeys[^1]);
    }

    [Fact]
    public void ScopesAndNameFilterSelect()
    {
        using var connection = Smartos().On(ListKey, Listing).Connect();

        var delegated = ZoneSnapshotReader.List(connection, Zone, [SnapshotScope.Delegated], "DAILY-*").Select(s => s.Name).ToList();
        var root = ZoneSnapshotReader.List(connection, Zone, [SnapshotScope.Root], null).Select(s => s.Name).ToList();
        var none = ZoneSnapshotReader.List(connection, Zone, [SnapshotScope.Root], "daily-?").ToList();

        Assert.Equal(["daily-1", "daily-2"], delegated);
        Assert.Equal(["a"], root);
        Assert.Empty(none);
    }

    /// <summary>
    /// Issue 17 item 5: a root snapshot is named as New-ZoneSnapshot was given it (vmsnap- is vmadm's), and -Name
    /// finds it by that name or by the name after '@'; below the root the zone admin's names are kept as they are.
    /// </summary>
    [Fact]
    public void A_root_snapshot_is_found_by_the_name_New_ZoneSnapshot_was_given_or_its_ZFS_name()
    {
        using var connection = Smartos().On(ListKey, Listing).Connect();

        var byGivenName = ZoneSnapshotReader.List(connection, Zone, All, "a").Select(s => (s.Name, s.ZfsName)).ToList();
        var byZfsName = ZoneSnapshotReader.List(connection, Zone, All, "vmsnap-*").Select(s => s.Name).ToList();
        var delegated = ZoneSnapshotReader.List(connection, Zone, [SnapshotScope.Delegated], "daily-1").Select(s => (s.Name, s.ZfsName)).ToList();

        Assert.Equal([("a", "vmsnap-a")], byGivenName);
        Assert.Equal(["a"], byZfsName);
        Assert.Equal([("daily-1", "daily-1")], delegated);
    }

    [Fact]
    public void LegacyCnIsReadWithZfsGetPivotedKeepingSnapshots()
    {
        string Rows(string name, string type, long creation, long used, long referenced) =>
            $"{name}\ttype\t{type}\t-\n{name}\tcreation\t{creation}\t-\n{name}\tused\t{used}\t-\n{name}\treferenced\t{referenced}\t-\n";
        var output = Rows(Root, "filesystem", 1, 2, 3) + Rows($"{Root}@before", "snapshot", 1700000000, 0, 3) +
                     Rows($"{Root}/data", "filesystem", 1, 2, 3) + Rows($"{Root}/data@mine", "snapshot", 1700000500, 7, 9);
        var transport = Legacy().On(GetKey, output);
        using var connection = transport.Connect();

        var snapshots = ZoneSnapshotReader.List(connection, Zone, All, null).ToList();

        Assert.Equal([($"{Root}@before", SnapshotScope.Root), ($"{Root}/data@mine", SnapshotScope.Delegated)],
            snapshots.Select(s => (s.FullName, s.ScopeValue)));
        Assert.Equal(7UL, snapshots[1].Used);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000500), snapshots[1].Created);
        Assert.DoesNotContain(transport.CommandKeys, key => key.StartsWith("zfs list -H -p -t", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingZoneRootIsZoneNotFound()
    {
        using var connection = Smartos().On(ListKey, exitCode: 1, stderr: $"cannot open '{Root}': dataset does not exist\n").Connect();

        var error = Assert.Throws<ZoneDelegationException>(() => ZoneSnapshotReader.List(connection, Zone, All, null).ToList());

        Assert.Equal(ErrorIds.ZoneNotFound, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal(Zone, error.Target);
        Assert.Contains("Get-SafeZone", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("61316833-2323-4d07-a4be-4a25d76f63a6; rm -rf /", null)]
    [InlineData("$(reboot)", null)]
    [InlineData("../../etc/passwd", null)]
    [InlineData(Zone, "x;reboot")]
    [InlineData(Zone, "$(id)*")]
    [InlineData(Zone, "a'b")]
    [InlineData(Zone, "")]
    public void InjectionInZoneOrNameIsRejectedBeforeAnyCommand(string zone, string? name)
    {
        var transport = Smartos();
        using var connection = transport.Connect();

        var error = Assert.ThrowsAny<ZoneDelegationException>(() => ZoneSnapshotReader.List(connection, zone, All, name));

        Assert.Contains(error.ErrorId, new[] { ErrorIds.InvalidZoneUuid, ErrorIds.InvalidSnapshotName });
        Assert.Equal(ZoneErrorCategory.InvalidArgument, error.Category);
        Assert.Empty(transport.Commands);
    }

    [Fact]
    public void SnapshotsStreamAsLinesArrive()
    {
        const int total = 100_000;
        var source = new GeneratedListing(total);
        using var connection = Smartos().OnStream(ListKey, () => source).Connect();

        using var snapshots = ZoneSnapshotReader.List(connection, ZoneUuid.Parse(Zone), All, null).GetEnumerator();
        Assert.True(snapshots.MoveNext());

        // The first snapshot is out while most of the listing has not even been produced.
        Assert.True(source.LinesProduced < total / 10, $"{source.LinesProduced} lines were produced before the first snapshot");

        var count = 1;
        while (snapshots.MoveNext())
        {
            count++;
        }

        Assert.Equal(total, count);
    }

    /// <summary>A zfs list -Hp listing produced on demand, counting how far it has been read.</summary>
    private sealed class GeneratedListing(int lines) : TextReader
    {
        private string current = string.Empty;
        private int position;

        public int LinesProduced { get; private set; }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (position == current.Length)
            {
                if (LinesProduced == lines)
                {
                    return 0;
                }

                var scope = LinesProduced % 2 == 0 ? Root : Root + "/data";
                current = string.Create(CultureInfo.InvariantCulture, $"{scope}@s{LinesProduced}\t{1700000000 + LinesProduced}\t0\t4096\n");
                position = 0;
                LinesProduced++;
            }

            var n = Math.Min(buffer.Length, current.Length - position);
            current.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override int Read() => throw new NotSupportedException();

        public override int Peek() => throw new NotSupportedException();
    }

    /// <summary>Issue 14 item 5: a zone created with a payload zpool is listed where vmadm's zfs_filesystem says its root is.</summary>
    [Fact]
    public void AZoneOnAnotherPoolIsListedFromItsOwnRoot()
    {
        const string other = "fast/" + Zone;
        var transport = Smartos()
            .On(LocateKey, Location(root: other))
            .On(ListKey, exitCode: 1, stderr: $"cannot open '{Root}': dataset does not exist\n")
            .On(ListKey.Replace(Root, other, StringComparison.Ordinal), Listing.Replace(Root, other, StringComparison.Ordinal));
        using var connection = transport.Connect();

        var snapshots = ZoneSnapshotReader.List(connection, ZoneUuid.Parse(Zone), All, null).ToList();

        Assert.Equal(5, snapshots.Count);
        Assert.Equal((other, SnapshotScope.Root), (snapshots[0].Dataset, snapshots[0].ScopeValue));
        Assert.Equal(SnapshotScope.Delegated, snapshots[1].ScopeValue);
    }
}

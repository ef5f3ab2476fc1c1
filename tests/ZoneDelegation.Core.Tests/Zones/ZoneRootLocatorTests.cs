using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zfs.Names;
using ZoneDelegation.Core.Zones;
using static ZoneDelegation.Core.Tests.Fakes.FakeComputeNodes;

namespace ZoneDelegation.Core.Tests.Zones;

public class ZoneRootLocatorTests
{
    private static readonly ZoneUuid ZoneId = ZoneUuid.Parse(Zone);
    private static readonly ComputeNodeFacts Facts = new() { ComputeNode = "cn1", Zpool = Pool, HasVmadm = true };

    private static JsonObject Vm(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Fact]
    public void TheRootIsVmadmsZfsFilesystemOnWhateverPool()
    {
        var location = ZoneRootLocator.FromVmObject(Facts, ZoneId, Vm($$"""{"uuid": "{{Zone}}", "brand": "bhyve", "zfs_filesystem": "fast/{{Zone}}", "zonepath": "/fast/{{Zone}}"}"""));

        Assert.Equal($"fast/{Zone}", location.Root.Value);
        Assert.Equal("refquota", location.QuotaProperty);
    }

    /// <summary>vmload leaves zfs_filesystem out when no dataset is mounted at the zonepath, and then assumes the zonepath without '/' (addMissingProperties).</summary>
    [Fact]
    public void WithoutZfsFilesystemTheZonepathIsTheRootAsVmloadAssumes()
    {
        var location = ZoneRootLocator.FromVmObject(Facts, ZoneId, Vm($$"""{"uuid": "{{Zone}}", "brand": "joyent", "zonepath": "/fast/{{Zone}}"}"""));

        Assert.Equal($"fast/{Zone}", location.Root.Value);
        Assert.Equal("quota", location.QuotaProperty);
    }

    [Theory]
    [InlineData("\"zfs_filesystem\": \"tank/a;b\"")]
    [InlineData("\"zfs_filesystem\": 5")]
    [InlineData("\"zonepath\": \"/tank/x@y\"")]
    public void ARootOutsideTheZfsGrammarIsAParseErrorNamingTheZone(string field)
    {
        var error = Assert.Throws<ZoneDelegationException>(() =>
            ZoneRootLocator.FromVmObject(Facts, ZoneId, Vm($$"""{"uuid": "{{Zone}}", {{field}}}""")));

        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
        Assert.Equal(Zone, error.Target);
    }
}

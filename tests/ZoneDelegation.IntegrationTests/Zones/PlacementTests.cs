using System.Text.Json.Nodes;
using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Placement;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Zones;

/// <summary>
/// Issue 18 part 1 on three sandbox CNs of different stamps and memory: placement reads each over ssh,
/// says which CN it chose and why not the others, and the real create lands on the chosen one.
/// </summary>
[Collection(TestbedCollection.Name)]
public sealed class PlacementTests(TestbedFixture testbed)
{
    [TestbedFact]
    public void Placement_chooses_the_supported_cn_with_room_says_why_not_the_others_and_the_zone_lands_there()
    {
        var old = testbed.StartDedicated("pold", liveImage: "20141030T081701Z", memoryMiB: 8192);
        var small = testbed.StartDedicated("psmall", liveImage: "20230601T000000Z", memoryMiB: 1024);
        var roomy = testbed.StartDedicated("proomy", liveImage: "20240101T000000Z", memoryMiB: 4096);
        using var oldSsh = TestbedFixture.Connect(old);
        using var smallSsh = TestbedFixture.Connect(small);
        using var roomySsh = TestbedFixture.Connect(roomy);
        var ledger = new PlacementLedger(DelegationPolicy.Default);
        var alias = "placed-" + Guid.NewGuid().ToString("N")[..6];
        var payload = new JsonObject
        {
            ["brand"] = "joyent", ["alias"] = alias, ["delegate_dataset"] = "safe", ["max_physical_memory"] = 2048, ["quota"] = 0,
        };
        var translated = SafeDelegationTranslator.Translate(payload, DelegationPolicy.Default);

        var decision = PlacementScorer.Place(PlacementRequest.FromPayload(translated.Payload, translated.SafeRequested),
            [ledger.Candidate(oldSsh), ledger.Candidate(smallSsh), ledger.Candidate(roomySsh)]);

        Assert.Equal(roomy.Name, decision.ChosenOrThrow());
        var text = decision.Describe();
        Assert.Contains($"{roomy.Name} chosen among 3 compute nodes", text, StringComparison.Ordinal);
        Assert.Contains($"{old.Name} not chosen: platform not supported (PlatformStamp: The platform image is too old for safe delegation: " +
                        "Live Image 20141030T081701Z is older than the minimum 20150418T000000Z)", text, StringComparison.Ordinal);
        Assert.Contains($"{small.Name} not chosen: not enough memory: the zone needs 2048 MiB (max_physical_memory 2048 MiB / ratio 1), " +
                        "1024 MiB unreserved (1024 MiB of memory less 0 MiB", text, StringComparison.Ordinal);

        var plan = SafeZoneCreationPlanner.Plan(roomySsh, payload, DelegationPolicy.Default);
        try
        {
            var zone = SafeZoneCreationApplier.Apply(roomySsh, plan, DelegationPolicy.Default);

            Assert.Equal(roomy.Name, zone.ComputeNode);
            Assert.True(zone.IsSafe);
            Assert.Contains(plan.Uuid.Value, TestbedFixture.RunOnCn(roomy, "vmadm", "list", "-H", "-o", "uuid"), StringComparison.Ordinal);
            Assert.DoesNotContain(plan.Uuid.Value, TestbedFixture.RunOnCn(small, "vmadm", "list", "-H", "-o", "uuid"), StringComparison.Ordinal);
            var after = ComputeNodeCapacityReader.Read(roomySsh, DelegationPolicy.Default);
            Assert.Equal(4096 - 2048, after.UnreservedMemoryMiB);
        }
        finally
        {
            try
            {
                TestbedFixture.RunOnCn(roomy, "vmadm", "delete", plan.Uuid.Value);
            }
            catch (ZoneDelegationException)
            {
                // Not created.
            }
        }
    }
}

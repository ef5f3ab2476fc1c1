using Xunit;
using System.Text.Json.Nodes;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Placement;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Tests.Fakes;

namespace ZoneDelegation.Core.Tests.Placement;

/// <summary>The filters and the score of New-SafeZone's placement, on scripted CN facts (no command runs).</summary>
public sealed class PlacementScorerTests
{
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;

    internal static ComputeNodeCapacity Cn(string name, long memoryMiB = 2048, long availableMiB = 100 * 1024, string liveImage = "20240101T000000Z",
        PlatformCheck? failed = null, double memoryRatio = 1, double diskRatio = 1, params PlacedZone[] zones)
    {
        PlatformCheck[] checks =
        [
            failed ?? new PlatformCheck(PlatformCheckNames.PlatformStamp, true, "The platform image is recent enough."),
            new PlatformCheck(PlatformCheckNames.VmadmPresent, true, "vmadm is present."),
        ];
        var platform = new PlatformSupport(name, liveImage, "7.0", "20150418T000000Z", "zones", checks);
        return new ComputeNodeCapacity(name, platform, PlatformStamp.Parse(liveImage), memoryMiB, availableMiB * MiB, memoryRatio, diskRatio, zones);
    }

    private static PlacedZone Zone(string alias, long memoryMiB = 256, long quotaGiB = 0, string brand = "joyent", string state = "running") =>
        new(Guid.NewGuid().ToString("D"), alias, brand, state, memoryMiB, quotaGiB);

    private static PlacementRequest Safe(long memoryMiB = 512, long quotaGiB = 0, string[]? far = null, string[]? near = null) => new()
    {
        Zone = "web", Brand = "joyent", MemoryMiB = memoryMiB, QuotaGiB = quotaGiB, RequiresSafePlatform = true, Far = far ?? [], Near = near ?? [],
    };

    private static PlacementDecision Place(PlacementRequest request, params ComputeNodeCapacity[] cns) =>
        PlacementScorer.Place(request, cns.Select(PlacementCandidate.Of).ToList());

    private static PlacementOutcome Outcome(PlacementDecision decision, string cn) => decision.Outcomes.Single(o => o.ComputeNode == cn);

    [Fact]
    public void An_unsupported_platform_is_not_chosen_and_the_failed_check_is_named()
    {
        var old = Cn("old", memoryMiB: 65536, liveImage: "20141030T081701Z",
            failed: new PlatformCheck(PlatformCheckNames.PlatformStamp, false, "The platform image is too old for safe delegation: Live Image 20141030T081701Z is older than the minimum 20150418T000000Z."));
        var current = Cn("current");

        var decision = Place(Safe(), old, current);

        Assert.Equal("current", decision.Chosen?.ComputeNode);
        var reason = Outcome(decision, "old").Reason;
        Assert.Contains("platform not supported (PlatformStamp:", reason, StringComparison.Ordinal);
        Assert.Contains("older than the minimum 20150418T000000Z", reason, StringComparison.Ordinal);
        Assert.False(Outcome(decision, "old").Fits);
    }

    [Fact]
    public void A_plain_request_does_not_need_the_safe_platform_checks()
    {
        var old = Cn("old", memoryMiB: 65536, liveImage: "20141030T081701Z",
            failed: new PlatformCheck(PlatformCheckNames.PlatformStamp, false, "too old"));

        var decision = Place(Safe() with { RequiresSafePlatform = false }, old, Cn("current"));

        Assert.Equal("old", decision.Chosen?.ComputeNode);
    }

    [Fact]
    public void A_cn_whose_memory_is_promised_is_not_chosen_and_the_figures_are_given()
    {
        var full = Cn("full", memoryMiB: 4096, zones: [Zone("a", 2048), Zone("b", 1792)]);
        var roomy = Cn("roomy", memoryMiB: 1024);

        var decision = Place(Safe(memoryMiB: 512), full, roomy);

        Assert.Equal("roomy", decision.Chosen?.ComputeNode);
        Assert.Equal("not enough memory: the zone needs 512 MiB (max_physical_memory 512 MiB / ratio 1), 256 MiB unreserved " +
                     "(4096 MiB of memory less 3840 MiB of max_physical_memory of 2 zones / ratio 1)", Outcome(decision, "full").Reason);
    }

    [Fact]
    public void The_memory_ratio_divides_os_zones_but_not_bhyve_and_failed_zones_count_nothing()
    {
        var cn = Cn("cn", memoryMiB: 4096, memoryRatio: 2,
            zones: [Zone("os", 2048), Zone("vm", 1024, brand: "bhyve"), Zone("broken", 4096, state: "failed")]);

        Assert.Equal(4096 - 1024 - 1024, cn.UnreservedMemoryMiB);
        Assert.Equal(3072, cn.ZoneMemoryMiB);
    }

    [Fact]
    public void A_cn_whose_pool_is_promised_is_not_chosen_and_the_figures_are_given()
    {
        var full = Cn("full", availableMiB: 30 * 1024, zones: [Zone("a", quotaGiB: 10), Zone("b", quotaGiB: 15)]);
        var roomy = Cn("roomy", availableMiB: 20 * 1024, memoryMiB: 1024);

        var decision = Place(Safe(quotaGiB: 10), full, roomy);

        Assert.Equal("roomy", decision.Chosen?.ComputeNode);
        Assert.Equal("not enough disk: the zone needs 10240 MiB (quota 10 GiB / ratio 1), 5120 MiB unreserved " +
                     "(30720 MiB free in pool zones less 25600 MiB of quotas of 2 zones / ratio 1)", Outcome(decision, "full").Reason);
    }

    [Fact]
    public void A_request_without_quota_is_not_filtered_on_disk()
    {
        // Its pool is over-promised (negative unreserved disk), yet a zone without quota asks for none of it.
        var decision = Place(Safe(quotaGiB: 0), Cn("tiny", availableMiB: 1, zones: [Zone("big", quotaGiB: 10)]));

        Assert.Equal("tiny", decision.Chosen?.ComputeNode);
    }

    [Fact]
    public void The_default_quota_is_vmadms()
    {
        var request = PlacementRequest.FromPayload(new JsonObject { ["brand"] = "joyent", ["alias"] = "web" }, requiresSafePlatform: true);

        Assert.Equal(PlacementRequest.DefaultQuotaGiB, request.QuotaGiB);
        Assert.Equal(PlacementRequest.DefaultMemoryMiB, request.MemoryMiB);
        Assert.Equal("web", request.Zone);
    }

    [Fact]
    public void Sizes_the_caller_built_as_numbers_are_read()
    {
        var request = PlacementRequest.FromPayload(new JsonObject { ["brand"] = "joyent", ["max_physical_memory"] = 2048, ["quota"] = 0 }, requiresSafePlatform: true);

        Assert.Equal(2048, request.MemoryMiB);
        Assert.Equal(0, request.QuotaGiB);
    }

    [Fact]
    public void Far_never_chooses_the_cn_of_a_named_zone_even_when_it_scores_best()
    {
        var primary = Zone("db-1");
        var big = Cn("big", memoryMiB: 65536, zones: [primary]);
        var small = Cn("small", memoryMiB: 2048);

        var decision = Place(Safe(far: ["db-1"]), big, small);

        Assert.Equal("small", decision.Chosen?.ComputeNode);
        Assert.Equal($"it holds db-1 ({primary.Uuid}), which -Far names", Outcome(decision, "big").Reason);
    }

    [Fact]
    public void Far_by_uuid_in_any_case()
    {
        var primary = Zone("db-1");
        var decision = Place(Safe(far: [primary.Uuid.ToUpperInvariant()]), Cn("big", memoryMiB: 65536, zones: [primary]), Cn("small"));

        Assert.Equal("small", decision.Chosen?.ComputeNode);
    }

    [Fact]
    public void Near_prefers_the_cn_of_a_named_zone_over_a_better_score()
    {
        var app = Zone("app");
        var decision = Place(Safe(near: ["app"]), Cn("big", memoryMiB: 65536), Cn("small", memoryMiB: 2048, zones: [app]));

        Assert.Equal("small", decision.Chosen?.ComputeNode);
        Assert.StartsWith("fits, but holds no zone -Near names (app), and small does", Outcome(decision, "big").Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// An alias is the tenant's: a tenant that copies the operator's -Near target onto its own zone must not pull new
    /// zones onto its CN. An alias carried by two zones on the offered CNs is ZoneAmbiguous; the UUID still works.
    /// </summary>
    [Fact]
    public void An_alias_that_names_zones_on_two_cns_is_ambiguous_and_the_uuid_is_exact()
    {
        var app = Zone("app");
        var copycat = Zone("app");
        var big = Cn("big", memoryMiB: 65536, zones: [copycat]);
        var small = Cn("small", memoryMiB: 2048, zones: [app]);

        var near = Assert.Throws<ZoneDelegationException>(() => Place(Safe(near: ["app"]), big, small));
        var far = Assert.Throws<ZoneDelegationException>(() => Place(Safe(far: ["app"]), big, small));

        Assert.Equal(ErrorIds.ZoneAmbiguous, near.ErrorId);
        Assert.Equal(ErrorIds.ZoneAmbiguous, far.ErrorId);
        Assert.Contains(app.Uuid, near.Message, StringComparison.Ordinal);
        Assert.Contains(copycat.Uuid, near.Message, StringComparison.Ordinal);
        Assert.Equal("small", Place(Safe(near: [app.Uuid]), big, small).Chosen?.ComputeNode);
    }

    [Fact]
    public void Near_when_its_cn_does_not_fit_changes_nothing_and_says_so()
    {
        var app = Zone("app", memoryMiB: 2048);
        var decision = Place(Safe(near: ["app"]), Cn("big", memoryMiB: 65536), Cn("small", memoryMiB: 2048, zones: [app]));

        Assert.Equal("big", decision.Chosen?.ComputeNode);
        Assert.Contains(decision.Notes, n => n.Contains("-Near changed nothing", StringComparison.Ordinal));
    }

    [Fact]
    public void The_cn_with_most_unreserved_memory_wins_and_the_others_say_by_how_much()
    {
        var decision = Place(Safe(), Cn("a", memoryMiB: 2048), Cn("b", memoryMiB: 8192), Cn("c", memoryMiB: 4096));

        Assert.Equal("b", decision.Chosen?.ComputeNode);
        Assert.Equal(4, decision.Chosen!.Score!.Total);
        Assert.Equal(3, Outcome(decision, "c").Score!.Total);
        Assert.Equal(2, Outcome(decision, "a").Score!.Total);
        Assert.StartsWith("fits, but its score 3.00 = memory 1.00 + disk 1.00 + platform 1.00 is below b's 4.00", Outcome(decision, "c").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_platform_breaks_equal_memory_and_disk()
    {
        // Named so that the name order alone would choose the older one.
        var decision = Place(Safe(), Cn("a-older", liveImage: "20200101T000000Z"), Cn("b-newer", liveImage: "20240101T000000Z"));

        Assert.Equal("b-newer", decision.Chosen?.ComputeNode);
    }

    [Fact]
    public void No_cn_fits_is_NoComputeNodeFits_with_each_cns_reason()
    {
        var decision = Place(Safe(memoryMiB: 4096), Cn("a", memoryMiB: 2048),
            Cn("b", liveImage: "20141030T081701Z", failed: new PlatformCheck(PlatformCheckNames.PlatformStamp, false, "too old.")));

        Assert.Null(decision.Chosen);
        var error = Assert.Throws<ZoneDelegationException>(() => decision.ChosenOrThrow());
        Assert.Equal(ErrorIds.NoComputeNodeFits, error.ErrorId);
        Assert.Equal(ZoneErrorCategory.ResourceUnavailable, error.Category);
        Assert.Contains("a: not enough memory: the zone needs 4096 MiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("b: platform not supported (PlatformStamp: too old)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Get-ComputeNodeCapacity", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_cn_is_not_chosen_and_says_why()
    {
        var decision = PlacementScorer.Place(Safe(), [new PlacementCandidate("gone", null, "connection lost"), PlacementCandidate.Of(Cn("ok"))]);

        Assert.Equal("ok", decision.Chosen?.ComputeNode);
        Assert.Equal("could not be read (connection lost)", Outcome(decision, "gone").Reason);
    }

    [Fact]
    public void A_csv_of_ten_zones_spreads_over_three_equal_cns_as_each_fills()
    {
        var connections = new[] { "cn1", "cn2", "cn3" }.Select(name => new ScriptedTransport(name).Connect()).ToList();
        var reads = 0;
        var ledger = new PlacementLedger(DelegationPolicy.Default, (connection, _) =>
        {
            reads++;
            return Cn(connection.ComputeNode, memoryMiB: 2048);
        });

        var placed = new List<string>();
        for (var row = 0; row < 10; row++)
        {
            var request = Safe(memoryMiB: 512) with { Zone = $"web{row}" };
            var decision = PlacementScorer.Place(request, connections.Select(ledger.Candidate).ToList());
            var chosen = connections.Single(c => c.ComputeNode == decision.ChosenOrThrow());
            ledger.Record(chosen, new PlacedZone(Guid.NewGuid().ToString("D"), request.Zone, "joyent", "provisioning", request.MemoryMiB, request.QuotaGiB));
            placed.Add(chosen.ComputeNode);
        }

        Assert.Equal(3, reads);
        Assert.Equal(3, placed.Take(3).Distinct().Count());
        Assert.Equal([3, 3, 4], placed.GroupBy(cn => cn).Select(g => g.Count()).Order().ToArray());
        var eleventh = PlacementScorer.Place(Safe(memoryMiB: 512), connections.Select(ledger.Candidate).ToList());
        Assert.Equal(2, eleventh.Outcomes.Count(o => o.Fits));
        var full = eleventh.Outcomes.Single(o => !o.Fits);
        Assert.Equal(placed.GroupBy(cn => cn).Single(g => g.Count() == 4).Key, full.ComputeNode);
        Assert.Contains("0 MiB unreserved (2048 MiB of memory less 2048 MiB of max_physical_memory of 4 zones / ratio 1)", full.Reason, StringComparison.Ordinal);
        Assert.Contains("3 zones placed here earlier in this pipeline", eleventh.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Far_sees_the_zones_placed_earlier_in_the_pipeline()
    {
        var connections = new[] { "cn1", "cn2" }.Select(name => new ScriptedTransport(name).Connect()).ToList();
        var ledger = new PlacementLedger(DelegationPolicy.Default, (connection, _) => Cn(connection.ComputeNode));
        var first = PlacementScorer.Place(Safe() with { Zone = "db-1" }, connections.Select(ledger.Candidate).ToList());
        var firstCn = connections.Single(c => c.ComputeNode == first.ChosenOrThrow());
        ledger.Record(firstCn, new PlacedZone(Guid.NewGuid().ToString("D"), "db-1", "joyent", "provisioning", 512, 0));

        var second = PlacementScorer.Place(Safe(far: ["db-1"]) with { Zone = "db-2" }, connections.Select(ledger.Candidate).ToList());

        Assert.NotEqual(firstCn.ComputeNode, second.ChosenOrThrow());
        Assert.Contains("(placed earlier in this pipeline), which -Far names", Outcome(second, firstCn.ComputeNode).Reason, StringComparison.Ordinal);
    }
}

using Xunit;
using ZoneDelegation.Core.Limits;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Tests.Policy;

/// <summary>Issue 17 item 11: Set-DatasetLimit's limits compared with the delegation policy's.</summary>
public sealed class LimitChangeReviewTests
{
    private static readonly DelegationPolicy Policy = DelegationPolicy.Default with { SnapshotLimit = 200, FilesystemLimit = 20 };

    [Fact]
    public void A_limit_above_the_policy_is_named_with_the_policy_value_the_audit_code_and_the_way_to_raise_the_policy()
    {
        var warnings = LimitChangeReview.Warnings(DatasetLimitChange.Create(5000, 21, null, []), Policy);

        Assert.Equal(2, warnings.Count);
        Assert.Contains("-SnapshotLimit 5000 is above the delegation policy's SnapshotLimit 200", warnings[0], StringComparison.Ordinal);
        Assert.Contains("SnapshotLimitAbovePolicy", warnings[0], StringComparison.Ordinal);
        Assert.Contains("Set-DelegationPolicy -SnapshotLimit 5000", warnings[0], StringComparison.Ordinal);
        Assert.Contains("-FilesystemLimit 21 is above the delegation policy's FilesystemLimit 20", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_within_the_policy_and_a_quota_say_nothing()
    {
        Assert.Empty(LimitChangeReview.Warnings(DatasetLimitChange.Create(200, 1, 10UL << 30, []), Policy));
    }

    [Fact]
    public void Clearing_a_limit_the_policy_requires_is_named()
    {
        var warning = Assert.Single(LimitChangeReview.Warnings(DatasetLimitChange.Create(null, null, null, ["SnapshotLimit"]), Policy));

        Assert.Contains("SnapshotLimitMissing", warning, StringComparison.Ordinal);
        Assert.Contains("200", warning, StringComparison.Ordinal);
    }
}

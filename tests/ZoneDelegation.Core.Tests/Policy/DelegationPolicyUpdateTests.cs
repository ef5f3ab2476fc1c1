using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Tests.Policy;

public class DelegationPolicyUpdateTests
{
    private static readonly Guid Owner = Guid.Parse("930896af-bf8c-48d4-885c-6573a94b1853");

    [Fact]
    public void An_empty_update_keeps_every_setting()
    {
        var update = new DelegationPolicyUpdate();
        var (policy, warnings) = update.ApplyTo(DelegationPolicy.Default);
        Assert.True(update.IsEmpty);
        Assert.Equal(DelegationPolicy.Default, policy);
        Assert.Empty(warnings);
        Assert.Equal("Write the policy unchanged", update.Describe(DelegationPolicy.Default, policy));
    }

    [Fact]
    public void Given_fields_replace_and_the_description_names_only_changes()
    {
        var update = new DelegationPolicyUpdate { Enabled = false, AllowedOwners = [Owner], SnapshotLimit = 64, MinimumPlatform = "20200601T000000Z" };
        var (policy, _) = update.ApplyTo(DelegationPolicy.Default);
        Assert.False(policy.Enabled);
        Assert.Equal([Owner], policy.AllowedOwners);
        Assert.Equal(64, policy.SnapshotLimit);
        Assert.Equal(DelegationPolicy.DefaultFilesystemLimit, policy.FilesystemLimit);
        Assert.Equal("20200601T000000Z", policy.MinimumPlatform.Value);
        var text = update.Describe(DelegationPolicy.Default, policy);
        Assert.Contains("Enabled True -> False", text);
        Assert.Contains("SnapshotLimit 128 -> 64", text);
        Assert.DoesNotContain("FilesystemLimit", text);
    }

    [Fact]
    public void An_empty_owner_list_allows_everyone_again()
    {
        var restricted = DelegationPolicy.Default with { AllowedOwners = [Owner] };
        var (policy, _) = new DelegationPolicyUpdate { AllowedOwners = [] }.ApplyTo(restricted);
        Assert.Empty(policy.AllowedOwners);
        Assert.True(policy.IsOwnerAllowed(Guid.NewGuid()));
    }

    [Fact]
    public void A_zero_limit_is_applied_with_a_warning()
    {
        var (policy, warnings) = new DelegationPolicyUpdate { SnapshotLimit = 0 }.ApplyTo(DelegationPolicy.Default);
        Assert.Equal(0, policy.SnapshotLimit);
        Assert.Contains(warnings, w => w.Code == DelegationWarningCodes.SnapshotLimitZero);
    }

    [Theory]
    [InlineData("2015-04-18", ErrorIds.InvalidPlatformStamp)]
    [InlineData("20151318T000000Z", ErrorIds.InvalidPlatformStamp)]
    public void A_malformed_stamp_is_refused(string stamp, string errorId)
    {
        var error = Assert.Throws<ZoneDelegationException>(() => new DelegationPolicyUpdate { MinimumPlatform = stamp }.ApplyTo(DelegationPolicy.Default));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(stamp, error.Target);
    }

    [Fact]
    public void A_negative_limit_is_refused()
    {
        var error = Assert.Throws<ZoneDelegationException>(() => new DelegationPolicyUpdate { FilesystemLimit = -1 }.ApplyTo(DelegationPolicy.Default));
        Assert.Equal(ErrorIds.InvalidLimitValue, error.ErrorId);
    }
}

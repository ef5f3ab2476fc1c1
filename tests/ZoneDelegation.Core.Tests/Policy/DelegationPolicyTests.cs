using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Platform;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;

namespace ZoneDelegation.Core.Tests.Policy;

public class DelegationPolicyTests
{
    private static readonly Guid Owner = Guid.Parse("930896af-bf8c-48d4-885c-6573a94b1853");

    [Fact]
    public void Defaults_are_enabled_everyone_128_32_and_20150418()
    {
        var policy = DelegationPolicy.Default;

        Assert.True(policy.Enabled);
        Assert.Empty(policy.AllowedOwners);
        Assert.Equal(128, policy.SnapshotLimit);
        Assert.Equal(32, policy.FilesystemLimit);
        Assert.Equal(PlatformStamp.Parse("20150418T000000Z"), policy.MinimumPlatform);
        Assert.Equal(DelegationPolicy.Default, new DelegationPolicy());
        Assert.True(policy.Validate().IsValid);
        Assert.Empty(policy.Validate().Warnings);
    }

    [Fact]
    public void An_empty_allow_list_allows_every_owner()
    {
        Assert.True(DelegationPolicy.Default.IsOwnerAllowed(Owner));
        Assert.True(DelegationPolicy.Default.IsOwnerAllowed(OwnerUuid.VmadmDefault));
    }

    [Fact]
    public void A_non_empty_allow_list_allows_only_its_owners_whatever_the_letter_case()
    {
        var policy = new DelegationPolicy { AllowedOwners = [Guid.Parse("930896AF-BF8C-48D4-885C-6573A94B1853")] };

        Assert.True(policy.IsOwnerAllowed(Owner));
        Assert.False(policy.IsOwnerAllowed(Guid.NewGuid()));
        Assert.False(policy.IsOwnerAllowed(OwnerUuid.VmadmDefault));
    }

    [Fact]
    public void The_allow_list_is_a_copy_the_caller_cannot_change_later()
    {
        var owners = new List<Guid> { Owner };
        var policy = new DelegationPolicy { AllowedOwners = owners };

        owners.Add(Guid.NewGuid());

        Assert.Single(policy.AllowedOwners);
        Assert.False(policy.AllowedOwners is List<Guid>);
        Assert.Throws<NotSupportedException>(() => ((IList<Guid>)policy.AllowedOwners).Add(Guid.NewGuid()));
    }

    [Fact]
    public void A_null_allow_list_means_empty()
    {
        var policy = new DelegationPolicy { AllowedOwners = null! };
        Assert.Empty(policy.AllowedOwners);
    }

    [Fact]
    public void Equality_compares_the_allow_list_by_content()
    {
        var a = new DelegationPolicy { AllowedOwners = [Owner] };
        var b = new DelegationPolicy { AllowedOwners = [Guid.Parse(Owner.ToString())] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, DelegationPolicy.Default);
        Assert.NotEqual(a, a with { SnapshotLimit = 5 });
    }

    [Theory]
    [InlineData(-1, 32, "SnapshotLimit")]
    [InlineData(128, -1, "FilesystemLimit")]
    [InlineData(ZoneLimitValue.MaxExact + 1, 32, "SnapshotLimit")]
    [InlineData(long.MinValue, 32, "SnapshotLimit")]
    public void Limits_outside_0_to_2pow53_are_errors(long snapshots, long filesystems, string setting)
    {
        var policy = new DelegationPolicy { SnapshotLimit = snapshots, FilesystemLimit = filesystems };

        var validation = policy.Validate();

        Assert.False(validation.IsValid);
        var problem = Assert.Single(validation.Errors);
        Assert.Equal(setting, problem.Setting);
        Assert.Equal(ErrorIds.InvalidLimitValue, problem.ErrorId);
        var ex = Assert.Throws<ZoneDelegationException>(() => policy.EnsureValid());
        Assert.Equal(ErrorIds.InvalidLimitValue, ex.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidArgument, ex.Category);
        Assert.Equal(setting == "SnapshotLimit" ? snapshots : filesystems, ex.Target);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void An_unset_minimum_platform_is_an_error()
    {
        var ex = Assert.Throws<ZoneDelegationException>(() => new DelegationPolicy { MinimumPlatform = default }.EnsureValid());
        Assert.Equal(ErrorIds.InvalidPlatformStamp, ex.ErrorId);
    }

    [Theory]
    [InlineData(0, 32, DelegationWarningCodes.SnapshotLimitZero)]
    [InlineData(128, 0, DelegationWarningCodes.FilesystemLimitZero)]
    public void A_zero_limit_is_legal_but_warns(long snapshots, long filesystems, string code)
    {
        var policy = new DelegationPolicy { SnapshotLimit = snapshots, FilesystemLimit = filesystems };

        var warnings = policy.EnsureValid();

        Assert.True(policy.Validate().IsValid);
        Assert.Equal(code, Assert.Single(warnings).Code);
    }
}

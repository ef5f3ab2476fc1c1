using Xunit;
using ZoneDelegation.Core.Snapshots;

namespace ZoneDelegation.Core.Tests.Snapshots;

public class SnapshotNameFilterTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("daily-*", "daily-2024", true)]
    [InlineData("daily-*", "weekly-1", false)]
    [InlineData("DAILY-?", "daily-1", true)]
    [InlineData("daily-?", "daily-12", false)]
    [InlineData("*-[0-3]", "x-2", true)]
    [InlineData("*-[0-3]", "x-7", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbY", false)]
    [InlineData("vmsnap-a", "vmsnap-a", true)]
    public void WildcardsMatchLikePowerShell(string pattern, string name, bool expected) =>
        Assert.Equal(expected, SnapshotNameFilter.Parse(pattern)(name));
}

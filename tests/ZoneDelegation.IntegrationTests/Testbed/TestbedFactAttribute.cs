using Xunit;
namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>
/// A test that needs the testbed (root, sshd, zfs-fuse). Skipped with the reason when they are
/// missing, except under CI=true: there it runs, and the fixture fails it loudly.
/// </summary>
public sealed class TestbedFactAttribute : FactAttribute
{
    public TestbedFactAttribute()
    {
        if (TestbedRequirements.MissingReason is { } reason && !TestbedRequirements.IsCi)
        {
            Skip = "Testbed unavailable: " + reason;
        }
    }
}

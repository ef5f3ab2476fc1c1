using Xunit;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.IntegrationTests.Zones;

/// <summary>The theory form of <see cref="TestbedFactAttribute"/>: skipped with the reason when the testbed is missing, except under CI=true.</summary>
public sealed class TestbedTheoryAttribute : TheoryAttribute
{
    public TestbedTheoryAttribute()
    {
        if (TestbedRequirements.MissingReason is { } reason && !TestbedRequirements.IsCi)
        {
            Skip = "Testbed unavailable: " + reason;
        }
    }
}

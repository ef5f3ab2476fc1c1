using Xunit.Abstractions;

namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>
/// What a test made on a sandbox CN, undone in reverse order when the test class is disposed. A step that
/// fails is reported on the test's output and the others still run, so one leftover never hides another.
/// </summary>
public sealed class CleanupSteps(ITestOutputHelper output) : IDisposable
{
    private readonly List<Action> steps = [];

    public void Add(Action step) => steps.Add(step);

    public void Dispose()
    {
        foreach (var step in Enumerable.Reverse(steps))
        {
            try
            {
                step();
            }
            catch (Exception error)
            {
                output.WriteLine("cleanup: " + error.Message);
            }
        }

        steps.Clear();
    }
}

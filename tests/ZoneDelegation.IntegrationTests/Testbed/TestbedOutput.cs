namespace ZoneDelegation.IntegrationTests.Testbed;

/// <summary>
/// The one C# parser of tests/testbed/testbed.sh's <c>key=value</c> lines (<c>start</c>, <c>env</c>); linked into
/// the hosted tests and the benchmarks, which start CNs too. A value may itself contain '='.
/// </summary>
internal static class TestbedOutput
{
    public static Dictionary<string, string> KeyValues(string text) => text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('=', 2))
        .Where(pair => pair.Length == 2)
        .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}

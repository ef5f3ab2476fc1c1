namespace ZoneDelegation.Core.Tests;

/// <summary>Opens a sample under Golden/ (copied to the output folder by the csproj).</summary>
internal static class GoldenFile
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name);

    public static TextReader Open(string name) => new StreamReader(PathOf(name));

    public static string[] Lines(string name) => File.ReadAllText(PathOf(name)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

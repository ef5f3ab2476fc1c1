using System.Reflection;

namespace ZoneDelegation.Module.Tests;

/// <summary>The repository root (where ZoneDelegation.sln is), as the build recorded it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Docs => Path.Combine(Root, "docs");

    public static string Manifest => Path.Combine(Root, "ZoneDelegation.psd1");

    public static string ModuleArtifact => Path.Combine(Root, "artifacts", "ZoneDelegation");

    private static string FindRoot()
    {
        var recorded = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "ZoneDelegation.sln")))
        {
            return recorded;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZoneDelegation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ZoneDelegation.sln not found above " + AppContext.BaseDirectory);
    }
}

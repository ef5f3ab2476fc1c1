namespace ZoneDelegation.Core.Tests.BootEnvironments;

/// <summary>The shared real command outputs (../shared/real-samples next to the checkout), read where they are, never copied.</summary>
internal static class RealSamples
{
    public static string PathOf(string file)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "real-samples", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"real sample {file} not found in a shared/real-samples folder above {AppContext.BaseDirectory}.");
    }
}

using Xunit;

namespace ZoneDelegation.Core.Tests.Samples;

/// <summary>
/// The shared real command outputs (<c>shared/real-samples</c> in a folder above the checkout, or
/// <c>ZD_REAL_SAMPLES</c>), read where they are, never copied into the repository.
/// </summary>
internal static class RealSamples
{
    /// <summary>The folder, or null where this checkout has none next to it (then <see cref="MissingReason"/> says why).</summary>
    public static string? Folder { get; } = Find(out missingReason);

    private static readonly string? missingReason;

    public static string? MissingReason => missingReason;

    public static string PathOf(string file)
    {
        var path = Path.Combine(Folder ?? throw new InvalidOperationException("no shared/real-samples folder"), file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"real sample {file} is not in {Folder}.", path);
    }

    public static StreamReader Open(string file) => new(PathOf(file));

    private static string? Find(out string? reason)
    {
        reason = null;
        if (Environment.GetEnvironmentVariable("ZD_REAL_SAMPLES") is { Length: > 0 } given)
        {
            reason = Directory.Exists(given) ? null : $"ZD_REAL_SAMPLES={given} is not a folder";
            return reason is null ? given : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "real-samples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        reason = "no shared/real-samples folder above this checkout (set ZD_REAL_SAMPLES to point at one)";
        return null;
    }
}

/// <summary>
/// A test on the shared real samples. They live outside the repository (its instructions: read them from
/// there, never copy them in), so a checkout without them skips these tests and says why; where the folder
/// is there, a missing file is a failure.
/// </summary>
public sealed class RealSampleTheoryAttribute : TheoryAttribute
{
    public RealSampleTheoryAttribute()
    {
        if (RealSamples.Folder is null)
        {
            Skip = RealSamples.MissingReason;
        }
    }
}

/// <inheritdoc cref="RealSampleTheoryAttribute"/>
public sealed class RealSampleFactAttribute : FactAttribute
{
    public RealSampleFactAttribute()
    {
        if (RealSamples.Folder is null)
        {
            Skip = RealSamples.MissingReason;
        }
    }
}

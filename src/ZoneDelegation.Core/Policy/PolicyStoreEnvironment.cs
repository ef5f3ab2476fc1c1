namespace ZoneDelegation.Core.Policy;

/// <summary>
/// The process environment and file-system lookups the policy store depends on, injectable so tests
/// never read or change the real environment (xunit runs tests in parallel).
/// </summary>
internal sealed record PolicyStoreEnvironment
{
    public required Func<string, string?> GetVariable { get; init; }

    public required Func<Environment.SpecialFolder, string> GetFolderPath { get; init; }

    public required Func<string, bool> FileExists { get; init; }

    public required bool IsWindows { get; init; }

    /// <summary>The real process: environment variables, special folders and files of this machine.</summary>
    public static PolicyStoreEnvironment System { get; } = new()
    {
        GetVariable = Environment.GetEnvironmentVariable,
        GetFolderPath = folder => Environment.GetFolderPath(folder, Environment.SpecialFolderOption.DoNotVerify),
        FileExists = File.Exists,
        IsWindows = OperatingSystem.IsWindows(),
    };
}

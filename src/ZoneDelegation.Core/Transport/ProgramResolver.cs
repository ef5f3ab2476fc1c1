namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Finds the absolute path of a program to start. .NET's own lookup of a bare name tries the current
/// directory before PATH, so an executable <c>./ssh</c> in a folder another user can write would run
/// as us; every program this module starts is resolved here instead: only absolute PATH entries are
/// searched, never the current directory, and a relative path is never accepted.
/// </summary>
internal static class ProgramResolver
{
    /// <summary>
    /// The absolute path of <paramref name="program"/>: itself when it is an absolute path, else the
    /// first executable file of that name in an absolute entry of <paramref name="searchPath"/>
    /// (this process's PATH when null). Null when there is none, or when the name is a relative path.
    /// </summary>
    public static string? Resolve(string program, string? searchPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (Path.IsPathRooted(program))
        {
            return IsExecutableFile(program) ? program : null;
        }

        if (program.Contains('/', StringComparison.Ordinal) || program.Contains('\\', StringComparison.Ordinal))
        {
            // ./ssh, bin/zfs: relative to whatever the current directory happens to be.
            return null;
        }

        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            // An empty entry, "." or "bin" would mean the current directory again.
            if (!Path.IsPathRooted(directory))
            {
                continue;
            }

            var candidate = Path.Combine(directory, program);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True for a relative path such as <c>./ssh</c> or <c>bin/ssh</c> (a bare name is not one).</summary>
    public static bool IsRelativePath(string program) =>
        !Path.IsPathRooted(program) && (program.Contains('/', StringComparison.Ordinal) || program.Contains('\\', StringComparison.Ordinal));

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}

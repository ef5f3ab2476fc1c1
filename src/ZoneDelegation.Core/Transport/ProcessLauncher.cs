using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Starts a child process the one way this module starts any: the program resolved to an absolute
/// path (<see cref="ProgramResolver"/>: never from the current directory), an argument list (no shell
/// in between), all three streams redirected as UTF-8, LC_ALL=C, and a missing program mapped to the
/// caller's error. Every native command, the ssh ControlMaster and its watchdog start here.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Process Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment,
        Func<Win32Exception, Exception> programNotFound)
    {
        var path = Resolve(program, environment);
        if (path is null)
        {
            throw programNotFound(new Win32Exception(2,
                ProgramResolver.IsRelativePath(program)
                    ? $"'{program}' is a relative path; only absolute paths and names found on PATH are started"
                    : $"'{program}' was not found in the absolute entries of PATH (the current directory is never searched)"));
        }

        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            StandardInputEncoding = Utf8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        // Every command parses the same, whatever the operator's locale.
        startInfo.Environment["LC_ALL"] = "C";

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            process.Dispose();
            throw programNotFound(error);
        }

        return process;
    }

    /// <summary>The child's own PATH (a testbed's stand-ins) first when the environment brings one, then this process's.</summary>
    private static string? Resolve(string program, IReadOnlyDictionary<string, string>? environment) =>
        environment is not null && environment.TryGetValue("PATH", out var childPath) && ProgramResolver.Resolve(program, childPath) is { } found
            ? found
            : ProgramResolver.Resolve(program);
}

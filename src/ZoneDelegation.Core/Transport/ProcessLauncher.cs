using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Starts a child process the one way this module starts any: the program with an argument list (no
/// shell in between), all three streams redirected as UTF-8, LC_ALL=C, and a missing program mapped
/// to the caller's error. Both every native command and the ssh ControlMaster start here.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Process Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment,
        Func<Win32Exception, Exception> programNotFound)
    {
        var startInfo = new ProcessStartInfo(program)
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
}

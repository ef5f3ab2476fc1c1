using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// What <see cref="OpenSshTransport"/> checks about a CN's host key beyond ssh's own check: that AcceptNew really
/// recorded the key (HostKeyNotRecorded otherwise), and the fingerprint of an unknown key for the error that refuses it.
/// Every look runs as the transport's housekeeping (ssh -G, ssh-keygen -F, a verbose probe): a stop does not end it.
/// </summary>
internal sealed partial class HostKeyVerification(
    string computeNode,
    SshConnectionOptions options,
    SshArguments arguments,
    Func<NativeCommand, IReadOnlyList<string>, IRunningCommand> startSsh,
    Func<Win32Exception, NativeCommandException> programNotFound)
{
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// ssh warns and connects anyway when AcceptNew cannot write the key (a missing folder, /dev/null,
    /// an ssh config pointing there): then nothing was verified and nothing will be next time. The key
    /// must be found, under the name ssh records it, in one of the files ssh reads. Otherwise
    /// <paramref name="closeConnection"/> closes it (returning the master's stderr) and HostKeyNotRecorded is thrown.
    /// </summary>
    public void RequireRecorded(Func<string> closeConnection)
    {
        var (files, name) = KnownHostsLookup();
        var keygen = ProgramResolver.Resolve("ssh-keygen");
        foreach (var file in files)
        {
            if (keygen is null || !File.Exists(file))
            {
                continue;
            }

            try
            {
                using var find = ProcessCommand.Start(computeNode, new NativeCommand("ssh-keygen", "-F", name, "-f", file) { Timeout = LookupTimeout },
                    keygen, ["-F", name, "-f", file], null, LookupTimeout, ProcessCommandHooks.Local, programNotFound, ignoreAmbient: true);
                find.Complete();
                return;
            }
            catch (NativeCommandException)
            {
                // Not in this file (ssh-keygen -F exits 1).
            }
        }

        var masterStandardError = closeConnection();
        throw new NativeCommandException(ErrorIds.HostKeyNotRecorded, ZoneErrorCategory.SecurityError,
            $"-HostKeyPolicy AcceptNew connected to {computeNode}, but its host key was not recorded in {string.Join(", ", files)} " +
            "(ssh could not write it): the key was never verified, and would not be next time. The connection was closed.",
            computeNode, "ssh-keygen -F " + name, null, TerminalText.Clean(masterStandardError),
            "Give -KnownHostsFile a file in a folder that exists and is writable (not /dev/null), or add the CN's verified key line to known_hosts and connect with -HostKeyPolicy Strict.");
    }

    /// <summary>
    /// ssh does not print the fingerprint of an unknown key under strict checking; a verbose attempt
    /// that stops at the host key check does. Best effort: null when it cannot be read.
    /// </summary>
    public string? ProbeFingerprint(TimeSpan timeout)
    {
        try
        {
            using var probe = startSsh(new NativeCommand("ssh-probe", "host-key") { Timeout = timeout }, arguments.HostKeyProbe());
            probe.StandardOutput.ReadToEnd();
            probe.Complete();
        }
        catch (NativeCommandException error)
        {
            return FingerprintFromProbe(error.StandardError);
        }

        return null;
    }

    /// <summary>The fingerprint of the key ssh received, from its own debug line in a probe's stderr; null when absent.</summary>
    public static string? FingerprintFromProbe(string standardError)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        var match = ServerHostKeyLine().Match(standardError);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>
    /// ssh's own debug line for the key the server offered. Anchored at the start of a line: ssh also
    /// prints, in debug, the lines a server sends before its version string, and a man in the middle
    /// can make one of those look like this line with the genuine CN's fingerprint.
    /// </summary>
    [GeneratedRegex(@"^debug1: Server host key: \S+ (SHA256:[A-Za-z0-9+/]{43}=?)\r?$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ServerHostKeyLine();

    /// <summary>The known_hosts files ssh reads for this host, and the name it records the key under ([host]:port off port 22).</summary>
    private (IReadOnlyList<string> Files, string Name) KnownHostsLookup()
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var dump = startSsh(new NativeCommand("ssh", "-G") { Timeout = LookupTimeout }, arguments.EffectiveConfiguration());
            string? line;
            while ((line = dump.StandardOutput.ReadLine()) is not null)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0)
                {
                    settings.TryAdd(line[..space], line[(space + 1)..]);
                }
            }

            dump.Complete();
        }
        catch (NativeCommandException)
        {
            // Without ssh's own view, the options we gave decide.
        }

        var files = options.KnownHostsFile is not null
            ? [options.KnownHostsFile]
            : (settings.GetValueOrDefault("userknownhostsfile") ?? "~/.ssh/known_hosts").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(ExpandHome).ToArray();
        var host = settings.GetValueOrDefault("hostkeyalias") is { Length: > 0 } alias && alias != "none"
            ? alias
            : settings.GetValueOrDefault("hostname") ?? options.HostName;
        var port = int.TryParse(settings.GetValueOrDefault("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : options.Port ?? 22;
        return (files, port == 22 ? host : $"[{host}]:{port}");
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}

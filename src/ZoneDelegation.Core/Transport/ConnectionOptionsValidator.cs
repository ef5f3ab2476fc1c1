using System.Text.RegularExpressions;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// Checks connection parameters before ssh sees them. ssh parses its argv with getopt, so a host
/// or user that starts with '-' would be read as an option: such values never reach it.
/// </summary>
internal static partial class ConnectionOptionsValidator
{
    // \z, not $: $ also matches before a final newline, which would let "host\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9\[][A-Za-z0-9._:%\[\]-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();

    public static void Validate(SshConnectionOptions options, Func<string, bool>? fileExists = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        fileExists ??= File.Exists;

        if (string.IsNullOrEmpty(options.HostName) || options.HostName.Length > 253 || !HostNamePattern().IsMatch(options.HostName))
        {
            throw Invalid("HostName", options.HostName,
                "A host name, an IPv4 address or an IPv6 address: letters, digits, '.', '-', ':', not starting with '-'.");
        }

        if (options.Port is < 1 or > 65535)
        {
            throw Invalid("Port", options.Port, "A TCP port from 1 to 65535.");
        }

        if (options.User is not null && (options.User.Length > 64 || !UserPattern().IsMatch(options.User)))
        {
            throw Invalid("User", options.User, "A login name: letters, digits, '.', '_', '-', starting with a letter or '_'.");
        }

        foreach (var (parameter, path) in new[] { ("IdentityFile", options.IdentityFile), ("KnownHostsFile", options.KnownHostsFile), ("SshConfigFile", options.ConfigFile) })
        {
            if (path is not null && !Transport.SshArguments.IsUsableConfigPath(path))
            {
                throw Invalid(parameter, path, "A path for ssh may not contain a double quote or a line break: rename the file or use another folder.");
            }
        }

        if (string.IsNullOrEmpty(options.SshExecutable) || Transport.ProgramResolver.IsRelativePath(options.SshExecutable))
        {
            throw Invalid("SshExecutable", options.SshExecutable,
                "Give an absolute path (/usr/bin/ssh) or a bare name found on PATH; a relative path depends on the current directory and is refused.");
        }

        if (options.IdentityFile is not null && !fileExists(options.IdentityFile))
        {
            throw Invalid("IdentityFile", options.IdentityFile, "Give the path of an existing private key file, or omit it to use ssh's agent and defaults.");
        }

        if (options.ConfigFile is not null && options.ConfigFile != "/dev/null" && !fileExists(options.ConfigFile))
        {
            throw Invalid("SshConfigFile", options.ConfigFile, "Give the path of an existing ssh_config file.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.DefaultCommandTimeout <= TimeSpan.Zero)
        {
            throw Invalid("Timeout", options.ConnectTimeout <= TimeSpan.Zero ? options.ConnectTimeout : options.DefaultCommandTimeout,
                "Timeouts are a positive number of seconds.");
        }

        if (options.ChannelIdleTimeout <= TimeSpan.Zero || options.ChannelIdleTimeout > TimeSpan.FromDays(1))
        {
            throw Invalid("ChannelIdleTimeoutSec", options.ChannelIdleTimeout.TotalSeconds,
                "A channel's idle timeout is 1 to 86400 seconds.");
        }
    }

    private static ZoneDelegationException Invalid(string parameter, object? value, string hint) =>
        new(ErrorIds.InvalidConnectionParameter, ZoneErrorCategory.InvalidArgument,
            $"-{parameter} '{value}' is not valid.", value, hint);
}

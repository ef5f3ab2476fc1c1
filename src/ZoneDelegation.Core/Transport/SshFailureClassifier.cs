using System.Text.RegularExpressions;
using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Transport;

/// <summary>When ssh itself failed: while connecting (the master), or while carrying a command.</summary>
internal enum SshPhase
{
    Connect,
    Command,
}

/// <summary>What went wrong with ssh, in the module's terms.</summary>
internal sealed record SshFailure(string ErrorId, ZoneErrorCategory Category, string Message, string Hint, string? Fingerprint);

/// <summary>
/// Reads the stderr of an ssh client that exited 255 (its own failure, not the remote command's) and
/// says what happened. Pure: the patterns are OpenSSH's own messages (sshconnect.c, ssh.c, mux.c).
/// </summary>
internal static partial class SshFailureClassifier
{
    // Only ssh's own "changed key" warning names the offered key, on the line after this one; a
    // fingerprint anywhere else in stderr may have been put there by the other side.
    [GeneratedRegex(@"key sent by the remote host is\r?\n(SHA256:[A-Za-z0-9+/]{43})", RegexOptions.CultureInvariant)]
    private static partial Regex FingerprintPattern();

    [GeneratedRegex(@"REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for \S+ has changed", RegexOptions.CultureInvariant)]
    private static partial Regex ChangedKeyPattern();

    [GeneratedRegex(@"No \S+ host key is known for|Host key verification failed", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownKeyPattern();

    [GeneratedRegex(@"Permission denied|Too many authentication failures|no mutual signature", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AuthenticationPattern();

    [GeneratedRegex(@"Connection refused|Connection timed out|Operation timed out|port \d+ timed out|No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|Temporary failure in name resolution|nodename nor servname", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UnreachablePattern();

    /// <param name="standardError">ssh's stderr (the remote command's own stderr may be mixed in).</param>
    /// <param name="phase">Connect: the connection never came up. Command: it was up (or a command was under way).</param>
    /// <param name="computeNode">The CN's name, for the message.</param>
    public static SshFailure Classify(string standardError, SshPhase phase, string computeNode)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        var fingerprint = FingerprintPattern().Match(standardError) is { Success: true } found ? found.Groups[1].Value : null;
        var offered = fingerprint is null ? string.Empty : $" The key it offered has fingerprint {fingerprint}.";

        if (ChangedKeyPattern().IsMatch(standardError))
        {
            return new SshFailure(ErrorIds.HostKeyMismatch, ZoneErrorCategory.SecurityError,
                $"The host key of {computeNode} does not match the one in known_hosts; nothing was run.{offered}",
                "Never accept a changed key automatically. Find out why it changed (reinstall, or an attacker in the middle); only after verifying the new fingerprint out of band, replace the old entry (ssh-keygen -R <host>).",
                fingerprint);
        }

        if (UnknownKeyPattern().IsMatch(standardError))
        {
            return new SshFailure(ErrorIds.HostKeyUnknown, ZoneErrorCategory.SecurityError,
                $"The host key of {computeNode} is not in known_hosts and strict checking is on; nothing was run.{offered}",
                "Verify the fingerprint out of band (on the CN's console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Only if it matches, add the CN's verified key line to known_hosts (from the CN's console: its /etc/ssh/ssh_host_ed25519_key.pub, as \"<host> <type> <key>\") and connect again. Do not accept an unverified key. If the key is already in another known_hosts file, name that file: -KnownHostsFile, or UserKnownHostsFile in an ssh config given with -SshConfigFile (a KnownHostsFile column of an inventory is never used).",
                fingerprint);
        }

        if (AuthenticationPattern().IsMatch(standardError))
        {
            return new SshFailure(ErrorIds.AuthenticationFailed, ZoneErrorCategory.AuthenticationError,
                $"{computeNode} refused the login: {LastLine(standardError)}",
                "Check -User and -IdentityFile (or the keys in your ssh agent), and that the key is in the CN's authorized_keys.",
                null);
        }

        if (UnreachablePattern().IsMatch(standardError))
        {
            return new SshFailure(ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError,
                $"{computeNode} could not be reached: {LastLine(standardError)}",
                "Check the host name, port and network path to the CN, and that its sshd is running.",
                null);
        }

        return phase == SshPhase.Connect
            ? new SshFailure(ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError,
                $"The ssh connection to {computeNode} could not be set up: {LastLine(standardError)}",
                "Check that the CN's sshd is healthy (it closed the connection before it was up).",
                null)
            : LostDuringCommand(standardError, computeNode);
    }

    /// <summary>
    /// ssh failed after the remote command had started: whatever its stderr says (the command's own
    /// "Permission denied" included), the connection broke under a running command.
    /// </summary>
    public static SshFailure LostDuringCommand(string standardError, string computeNode)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        return new SshFailure(ErrorIds.ConnectionLost, ZoneErrorCategory.ConnectionError,
            $"The ssh connection to {computeNode} was lost while a command ran; it may or may not have completed: {LastLine(standardError)}",
            "Reconnect with Connect-ComputeNode, check the CN's state, and retry if the command is safe to repeat.",
            null);
    }

    private static string LastLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return string.IsNullOrEmpty(line) ? "ssh gave no reason." : line;
    }
}

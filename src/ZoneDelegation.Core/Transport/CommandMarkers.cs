using System.Globalization;
using System.Security.Cryptography;

namespace ZoneDelegation.Core.Transport;

/// <summary>
/// The start and exit markers that frame one remote command on stderr, with a random nonce of their
/// own: output of the command (or of anything it prints, a zone alias, a file) cannot predict it, so
/// it cannot forge an exit status. The start marker counts only as the first line of stderr, the exit
/// marker only at the end of the final line.
/// </summary>
internal sealed class CommandMarkers
{
    private CommandMarkers(string nonce)
    {
        Nonce = nonce;
        PidPrefix = $"@@ZD-PID-{nonce}=";
        ExitPrefix = $"@@ZD-EXIT-{nonce}=";
    }

    /// <summary>128 random bits, hex.</summary>
    public string Nonce { get; }

    /// <summary>What the remote shell prints before its PID: <c>@@ZD-PID-&lt;nonce&gt;=</c>.</summary>
    public string PidPrefix { get; }

    /// <summary>What the remote shell prints before the exit code: <c>@@ZD-EXIT-&lt;nonce&gt;=</c>.</summary>
    public string ExitPrefix { get; }

    public static CommandMarkers New() => new(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());

    /// <summary>For tests: markers with a known nonce (hex).</summary>
    public static CommandMarkers WithNonce(string nonce)
    {
        if (string.IsNullOrEmpty(nonce) || !nonce.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("A nonce is hex digits.", nameof(nonce));
        }

        return new CommandMarkers(nonce);
    }

    /// <summary>The PID if <paramref name="line"/> is exactly the start marker.</summary>
    public int? ParsePid(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(PidPrefix, StringComparison.Ordinal) || !line.EndsWith("@@", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = line.AsSpan(PidPrefix.Length, line.Length - PidPrefix.Length - 2);
        return digits.Length is >= 1 and <= 10 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : null;
    }

    /// <summary>
    /// The exit code if <paramref name="line"/> ends with the exit marker, and the text before it on
    /// that line (the command's last stderr when it did not end with a newline).
    /// </summary>
    public (int ExitCode, string Before)? ParseExit(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.EndsWith("@@", StringComparison.Ordinal))
        {
            return null;
        }

        var start = line.LastIndexOf(ExitPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var digits = line.AsSpan(start + ExitPrefix.Length, line.Length - start - ExitPrefix.Length - 2);
        return digits.Length is >= 1 and <= 3 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 255
            ? (code, line[..start])
            : null;
    }
}

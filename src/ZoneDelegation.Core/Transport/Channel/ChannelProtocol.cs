using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ZoneDelegation.Core.Transport.Channel;

/// <summary>
/// What a persistent channel says to its remote shell and how the answers are framed. Pure, so the
/// framing is unit-tested without a CN.
/// <para>
/// The remote side is one <c>/bin/sh</c> (ksh93 on illumos/SmartOS, dash on the Linux testbed) reading one line
/// per command from the channel's stdin: <c>zd_run 'MARKER' 'program' 'arg'...</c>, every word single-quoted
/// (a newline inside an argument travels as <c>'"$zd_nl"'</c>, so a command is always one line). zd_run starts
/// the program through <c>setpgrp</c> (illumos) or <c>setsid</c> (Linux), so it leads a process group of its own
/// that a timeout can kill whole, with stdin from /dev/null. Its records each start with the command's MARKER
/// (32 random hex digits, new for every command, never in the command's argv or environment): <c>MARKER S start</c>
/// on stdout and on stderr before anything else, <c>MARKER P pid</c> on stderr when started, and
/// <c>MARKER E status</c> on stdout and on stderr when it ended. Between the start and end records, everything on
/// the two streams is the command's own output, byte for byte: a record is recognised by the marker wherever it
/// appears, so output without a trailing newline, NUL bytes or megabytes in one line cannot hide it, and output
/// that looks like a record but lacks this command's marker is just output. Bytes before the start record were
/// written by something else (a process an earlier command left behind, detached from its group): stray, never
/// the command's output.
/// </para>
/// </summary>
internal static class ChannelProtocol
{
    /// <summary>The bytes of a marker: 32 lowercase hex digits (128 random bits).</summary>
    public const int MarkerLength = 32;

    /// <summary>The longest record after its marker (" E 4294967295\n" and the like); longer is a protocol error.</summary>
    public const int MaxRecordTail = 32;

    /// <summary>
    /// The remote loop. It needs only POSIX sh (read -r, eval, printf, kill, wait, command -v, background jobs)
    /// and setpgrp(1) (illumos: usr/src/cmd/setpgrp) or setsid(1) (util-linux). The hello answers with the tool
    /// found, or "none" (then the channel is not used and commands take the exec path).
    /// After the command's leader exits, what is left of its process group is killed: a command never leaves
    /// a process behind that could write into the next command's output (a daemon that detaches with setsid,
    /// as zoneadmd does, is in a group of its own and is not touched).
    /// </summary>
    public const string RemoteScript =
        "LC_ALL=C; export LC_ALL\n" +
        "zd_nl='\n'\n" +
        "if command -v setpgrp >/dev/null 2>&1; then zd_grp=setpgrp\n" +
        "elif command -v setsid >/dev/null 2>&1; then zd_grp=setsid\n" +
        "else zd_grp=none; fi\n" +
        "zd_hello() { printf '%s H %s\\n' \"$1\" \"$zd_grp\"; printf '%s H %s\\n' \"$1\" \"$zd_grp\" >&2; }\n" +
        "zd_run() {\n" +
        "  zd_m=$1; shift\n" +
        "  printf '%s S start\\n' \"$zd_m\"; printf '%s S start\\n' \"$zd_m\" >&2\n" +
        "  if command -v \"$1\" >/dev/null 2>&1; then\n" +
        "    \"$zd_grp\" \"$@\" </dev/null &\n" +
        "    zd_p=$!\n" +
        "    printf '%s P %s\\n' \"$zd_m\" \"$zd_p\" >&2\n" +
        "    wait \"$zd_p\"; zd_rc=$?\n" +
        "    kill -KILL \"-$zd_p\" 2>/dev/null\n" +
        "  else\n" +
        "    printf '%s: not found\\n' \"$1\" >&2; zd_rc=127\n" +
        "  fi\n" +
        "  printf '%s E %s\\n' \"$zd_m\" \"$zd_rc\"\n" +
        "  printf '%s E %s\\n' \"$zd_m\" \"$zd_rc\" >&2\n" +
        "}\n" +
        "while IFS= read -r zd_l; do eval \"$zd_l\"; done\n";

    /// <summary>What the login shell on the CN is asked to run: the loop under /bin/sh, replacing the login shell.</summary>
    public static string RemoteCommand => "exec /bin/sh -c " + PosixShell.Quote(RemoteScript) + " zd-channel";

    /// <summary>A fresh marker: 128 bits from the OS's CSPRNG, as hex.</summary>
    public static string NewMarker() => Convert.ToHexString(RandomNumberGenerator.GetBytes(MarkerLength / 2)).ToLowerInvariant();

    /// <summary>The line that asks the loop to announce itself (and proves both streams are in sync).</summary>
    public static string HelloLine(string marker) => "zd_hello " + marker + "\n";

    /// <summary>The line that runs <paramref name="command"/> under <paramref name="marker"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The command is a write (<see cref="NativeCommand.ChangesState"/>) or has a stdin payload: a channel is killed on a
    /// timeout or Ctrl+C and shares its stdin with the command lines, so neither may ever ride one, whatever the code path.
    /// </exception>
    public static string RunLine(NativeCommand command, string marker)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.ChangesState || command.StandardInput is not null)
        {
            throw new ArgumentException(
                $"'{command.Program}' {(command.ChangesState ? "changes the compute node" : "has a stdin payload")} and must run on an ssh session " +
                "of its own (the exec path), never on a command channel.", nameof(command));
        }

        var builder = new StringBuilder("zd_run ").Append(marker);
        builder.Append(' ').Append(Word(command.Program));
        foreach (var argument in command.Arguments)
        {
            builder.Append(' ').Append(Word(argument));
        }

        return builder.Append('\n').ToString();
    }

    /// <summary>
    /// One record after its marker, e.g. " E 0" (the newline removed): its kind and number.
    /// Null when it is not a record this protocol writes.
    /// </summary>
    public static (char Kind, string Value)? ParseRecordTail(ReadOnlySpan<byte> tail)
    {
        if (tail.Length < 4 || tail[0] != (byte)' ' || tail[2] != (byte)' ' || tail[1] is not ((byte)'H' or (byte)'S' or (byte)'P' or (byte)'E'))
        {
            return null;
        }

        var value = Encoding.ASCII.GetString(tail[3..]);
        return value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) ? ((char)tail[1], value) : null;
    }

    /// <summary>
    /// The exit status as the exec path reports it. ksh93 (illumos's /bin/sh) gives a command killed by signal n
    /// the status 256+n where bash and dash give 128+n; the exec path's login shell (bash on SmartOS) says 128+n.
    /// </summary>
    public static int? ParseExitStatus(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status > 256 + 128)
        {
            return null;
        }

        return status > 256 ? status - 128 : status;
    }

    private static string Word(string argument)
    {
        if (argument.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A native command argument cannot contain a NUL character.", nameof(argument));
        }

        // Inside single quotes nothing is special; a newline would end the command line, so it steps out of the
        // quotes and back in around "$zd_nl" (a variable holding one newline).
        return PosixShell.Quote(argument).Replace("\n", "'\"$zd_nl\"'", StringComparison.Ordinal);
    }
}

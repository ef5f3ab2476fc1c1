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
/// that a timeout can kill whole, with stdin from /dev/null, and stdout and stderr on two FIFOs made for this command
/// alone, which two <c>cat</c>s copy to the channel. So the command's children, also one that leaves its group, only
/// ever hold this command's pipes, never the channel's own: once the next command is sent, the loop kills the copiers
/// (they are kept until then, so a copier is never a PID that may have been reused), and what such a child writes
/// later reaches nobody. Its records each start with the command's MARKER
/// (32 random hex digits, new for every command, never in the command's argv or environment): <c>MARKER S start</c>
/// on stdout and on stderr before anything else, <c>MARKER P pid</c> on stderr when started, and
/// <c>MARKER E status</c> on stdout and on stderr when it ended. Between the start and end records, everything on
/// the two streams is the command's own output, byte for byte (the end records travel through the command's FIFOs,
/// after all it wrote): a record is recognised by the marker wherever it
/// appears, so output without a trailing newline, NUL bytes or megabytes in one line cannot hide it, and output
/// that looks like a record but lacks this command's marker is just output. Bytes before the start record were
/// written by something else (what a process an earlier command left behind wrote into that command's pipes before
/// its copiers were killed, or into the channel shell's own stdout): stray, never the command's output.
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
    /// and setpgrp(1) (illumos: usr/src/cmd/setpgrp) or setsid(1) (util-linux), mktemp(1) -d and mkfifo(1) (both
    /// in illumos and coreutils). The hello answers with the tool found, or "none" when one of them is missing (then
    /// the channel is not used and commands take the exec path). The FIFOs live in a private directory (mode 700) that
    /// the loop removes when it ends (also on a hangup or a broken pipe; only a SIGKILL leaves the directory behind);
    /// they are made (and the used ones removed) 16 at a time, which saves two programs per command.
    /// After the command's leader exits, what is left of its process group is killed; a process that left the group
    /// (a daemon that detaches with setsid, as zoneadmd does) is not touched, and holds only the command's own FIFOs,
    /// so it can never write into the next command's output.
    /// </summary>
    public const string RemoteScript =
        "LC_ALL=C; export LC_ALL\n" +
        "zd_nl='\n'\n" +
        "if command -v setpgrp >/dev/null 2>&1; then zd_grp=setpgrp\n" +
        "elif command -v setsid >/dev/null 2>&1; then zd_grp=setsid\n" +
        "else zd_grp=none; fi\n" +
        "zd_dir=$(umask 077; mktemp -d \"${TMPDIR:-/tmp}/zd-channel.XXXXXX\" 2>/dev/null) && [ -d \"$zd_dir\" ] && command -v mkfifo >/dev/null 2>&1 || zd_grp=none\n" +
        "trap 'zd_reap; [ -n \"$zd_dir\" ] && rm -rf \"$zd_dir\"' EXIT\n" +
        "trap 'exit 1' HUP INT TERM PIPE\n" +
        "zd_b=0; zd_k=16; zd_cp=\n" +
        "zd_hello() { printf '%s H %s\\n' \"$1\" \"$zd_grp\"; printf '%s H %s\\n' \"$1\" \"$zd_grp\" >&2; }\n" +
        "zd_reap() {\n" +
        "  if [ -n \"$zd_cp\" ]; then kill -KILL $zd_cp 2>/dev/null; wait $zd_cp 2>/dev/null; zd_cp=; exec 3>&- 4>&-; fi\n" +
        "}\n" +
        "zd_fifos() {\n" +
        "  zd_b=$((zd_b + 1)); zd_k=0; zd_f=\n" +
        "  for zd_i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do zd_f=\"$zd_f o$zd_b.$zd_i e$zd_b.$zd_i\"; done\n" +
        "  (cd \"$zd_dir\" && rm -f ./o* ./e* && mkfifo $zd_f) || exit 1\n" +
        "}\n" +
        "zd_run() {\n" +
        "  zd_m=$1; shift\n" +
        "  zd_reap\n" +
        "  printf '%s S start\\n' \"$zd_m\"; printf '%s S start\\n' \"$zd_m\" >&2\n" +
        "  [ \"$zd_k\" -lt 16 ] || zd_fifos\n" +
        "  zd_k=$((zd_k + 1)); zd_o=$zd_dir/o$zd_b.$zd_k; zd_e=$zd_dir/e$zd_b.$zd_k\n" +
        "  cat \"$zd_o\" & zd_cp=$!\n" +
        "  cat \"$zd_e\" >&2 & zd_cp=\"$zd_cp $!\"\n" +
        "  exec 3>\"$zd_o\" 4>\"$zd_e\"\n" +
        "  if command -v \"$1\" >/dev/null 2>&1; then\n" +
        "    \"$zd_grp\" \"$@\" </dev/null >&3 2>&4 3>&- 4>&- &\n" +
        "    zd_p=$!\n" +
        "    printf '%s P %s\\n' \"$zd_m\" \"$zd_p\" >&2\n" +
        "    wait \"$zd_p\"; zd_rc=$?\n" +
        "    kill -KILL \"-$zd_p\" 2>/dev/null\n" +
        "  else\n" +
        "    printf '%s: not found\\n' \"$1\" >&4; zd_rc=127\n" +
        "  fi\n" +
        "  printf '%s E %s\\n' \"$zd_m\" \"$zd_rc\" >&3\n" +
        "  printf '%s E %s\\n' \"$zd_m\" \"$zd_rc\" >&4\n" +
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

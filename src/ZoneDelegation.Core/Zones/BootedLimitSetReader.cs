using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.Zones;

/// <summary>
/// The limit set each running zone of a CN booted with, read from the global zone in ONE command whatever
/// the number of zones, from a source no zone can write. The kernel fixes a zone's privilege set when
/// zoneadmd creates the zone at boot (illumos zone.c <c>zone_create</c>: <c>zone_set_privset</c> from
/// zoneadmd's limitpriv) and keeps it until the zone is destroyed; a <c>vmadm update limit_priv</c> changes
/// only the configuration. Every zone has one <c>zsched</c>, a kernel process (class SYS, started by
/// <c>newproc(zsched, …, syscid, …)</c>) whose credentials are <c>zone_kcred</c>: kcred intersected with that
/// privilege set in E, I, P and L (zone.c <c>zone_create</c>, <c>zsched</c>). The global zone's <c>ps</c>
/// names each process's zone as the kernel reports it (<c>-o zone</c>: getzonenamebyid), and its
/// <c>ppriv -v</c> prints a process's sets in full (PRIV_STR_LIT) through /proc. Nothing is read from
/// inside a zone: a zone's own processes (its init, anything <c>zlogin</c> runs) are the tenant's.
/// A zone process may call itself zsched, but it cannot be in class SYS, so it is not read.
/// </summary>
internal static class BootedLimitSetReader
{
    /// <summary>The privilege that lets a zone zfs receive.</summary>
    public const string SysFsImport = "sys_fs_import";

    internal const string Source = "ps/ppriv (zsched)";

    /// <summary>
    /// The one command: ps of every process's pid, scheduling class and zone (no column a zone can choose: a
    /// command name is the tenant's, and a newline in it could forge a row); for each SYS-class process outside
    /// the global zone (a zone's only kernel process is its zsched), a <c>zone &lt;name&gt;</c> line then
    /// <c>ppriv -v</c> of it, printed only if that pid is still of class SYS after ppriv read it (a pid reused
    /// meanwhile by a zone's own process is never read as its zsched); <c>unreadable</c> otherwise. A ps that
    /// fails fails the command.
    /// </summary>
    internal const string Script =
        "out=$(ps -e -o pid= -o class= -o zone=) || exit 1; " +
        "printf \"%s\\n\" \"$out\" | while read -r pid class zone; do " +
        "[ \"$class\" = SYS ] && [ -n \"$zone\" ] && [ \"$zone\" != global ] || continue; " +
        "echo \"zone $zone\"; " +
        "if set=$(ppriv -v \"$pid\") && [ \"$(ps -o class= -p \"$pid\" | tr -d ' ')\" = SYS ]; " +
        "then printf \"%s\\n\" \"$set\"; else echo unreadable; fi; " +
        "done";

    public static NativeCommand Command { get; } = new("/bin/sh", "-c", Script, "zd-booted-limit-sets");

    /// <summary>
    /// Each running zone's booted limit set by zone name (ordinal: illumos zone names are case-sensitive);
    /// a zone whose zsched could not be read maps to null.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>?> Read(ComputeNodeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sets = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal);
        foreach (var (zone, set) in connection.Transport.Stream(Command, Parse))
        {
            // One zsched per zone; should a name come twice, what was read is united (the safe side).
            if (!sets.TryGetValue(zone, out var known) || known is null)
            {
                sets[zone] = set;
            }
            else if (set is not null)
            {
                sets[zone] = known.Union(set).ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }

        return sets;
    }

    /// <summary>Whether a limit set, as ppriv prints it, holds sys_fs_import ("all" and "zone" hold every privilege).</summary>
    public static bool GrantsReceive(IReadOnlySet<string> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Contains(SysFsImport) || set.Contains("all") || set.Contains("zone");
    }

    /// <summary>The script's output: <c>zone &lt;name&gt;</c>, then ppriv's lines (<c>&lt;pid&gt;:\tzsched</c>, <c>flags = …</c>, <c>\tE: …</c> … <c>\tL: …</c>) or <c>unreadable</c>.</summary>
    internal static IEnumerable<(string Zone, IReadOnlySet<string>? Limit)> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? zone = null;
        var done = true;
        var header = false;
        var skipping = false;
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.StartsWith("zone ", StringComparison.Ordinal))
            {
                if (!done)
                {
                    yield return (zone!, null);
                }

                zone = line["zone ".Length..].Trim();
                if (zone.Length == 0 || zone.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                {
                    throw new ParseException(Source, number, "a zone name is empty or not one word.", line);
                }

                done = false;
                header = false;
                skipping = false;
            }
            else if (skipping)
            {
                // The rest of what ppriv printed for a process that is not a zsched.
            }
            else if (zone is null || done)
            {
                throw new ParseException(Source, number, "ppriv output without the zone it belongs to.", line);
            }
            else if (line == "unreadable")
            {
                yield return (zone, null);
                done = true;
            }
            else if (!header)
            {
                // ppriv's first line names the process: "<pid>:\tzsched" for a zone's kernel process. Anything else
                // is not a zsched, and nothing it printed is taken.
                header = true;
                if (line.Length <= ":\tzsched".Length || !line.EndsWith(":\tzsched", StringComparison.Ordinal) ||
                    !line[..^":\tzsched".Length].All(char.IsAsciiDigit))
                {
                    yield return (zone, null);
                    done = true;
                    skipping = true;
                }
            }
            else if (line.StartsWith("\tL: ", StringComparison.Ordinal))
            {
                var members = line["\tL: ".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                yield return (zone, members.Where(m => m != "none").ToHashSet(StringComparer.OrdinalIgnoreCase));
                done = true;
            }
        }

        if (!done)
        {
            yield return (zone!, null);
        }
    }
}

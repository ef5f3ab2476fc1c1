using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Streams <c>beadm list -H</c>: <c>name;uuid;active;mountpoint;space;policy;created</c> (illumos beadm.c's
/// parsable form; no captured sample was found, see real-samples/README.md). The active field holds N for
/// the BE booted now and R for the one active on reboot. A global BE without a usable
/// <c>org.opensolaris.libbe:uuid</c> is listed with a null uuid: libbe's be_get_node_data leaves the uuid
/// NULL when the property is missing, which beadm's printf prints as <c>(null)</c> (illumos libc doprnt.c),
/// and an empty property prints as nothing. Such a BE can be no zone BE's parent; whether the booted one
/// has a uuid is <see cref="GlobalBootEnvironmentReader"/>'s concern.
/// </summary>
internal static class BeadmListParser
{
    public const string Source = "beadm list";

    public static IEnumerable<GlobalBootEnvironment> Parse(TextReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Iterate(output);
    }

    private static IEnumerable<GlobalBootEnvironment> Iterate(TextReader output)
    {
        var reader = new OutputLineReader(output, Source);
        while (reader.ReadLine())
        {
            var fields = reader.Line.ToString().Split(';');
            if (fields.Length < 3)
            {
                throw reader.Error($"expected ';'-separated fields name;uuid;active;... but found {fields.Length}.");
            }

            if (fields[0].Length == 0)
            {
                throw reader.Error("the BE name is empty.");
            }

            yield return new GlobalBootEnvironment(fields[0], UsableUuid(fields[1]), fields[2].Contains('N'), fields[2].Contains('R'));
        }
    }

    /// <summary>The uuid as libuuid's uuid_parse takes it (36 characters, hyphenated), else null: "(null)", "" or junk.</summary>
    private static string? UsableUuid(string text) => Guid.TryParseExact(text, "D", out _) ? text : null;
}

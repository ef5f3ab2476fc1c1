using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Streams <c>beadm list -H</c>: <c>name;uuid;active;mountpoint;space;policy;created</c> (illumos beadm.c's
/// parsable form; no captured sample was found, see real-samples/README.md). The active field holds N for
/// the BE booted now and R for the one active on reboot.
/// </summary>
public static class BeadmListParser
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

            if (fields[0].Length == 0 || fields[1].Length == 0 || !Guid.TryParse(fields[1], out _))
            {
                throw reader.Error($"'{fields[0]}' has the uuid '{fields[1]}'; expected a BE name and a uuid.");
            }

            yield return new GlobalBootEnvironment(fields[0], fields[1], fields[2].Contains('N'), fields[2].Contains('R'));
        }
    }
}

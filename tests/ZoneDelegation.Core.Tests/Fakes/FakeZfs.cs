using System.Text;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Fakes;

/// <summary>
/// A model of the datasets of one CN that answers <c>zfs get</c> and <c>zfs list</c> as zfs does: one line
/// per (dataset, property) or per dataset, fields in the -o order, every value printed raw (a value with a
/// newline or TAB comes out as it is, as zfs_main.c prints it), <c>-r</c>/<c>-d</c>/<c>-t</c> honoured,
/// a missing dataset named on the command line reported on stderr with exit 1 after the others.
/// Entries are printed in the order they were added (parents first, as zfs's name order gives).
/// </summary>
internal sealed class FakeZfs
{
    private readonly List<Entry> entries = [];

    public sealed record Entry(string Name, bool Snapshot, Dictionary<string, (string Value, string Source)> Properties);

    public IReadOnlyList<Entry> Entries => entries;

    public Entry Add(string name, bool snapshot = false, params (string Property, string Value, string Source)[] properties) =>
        Insert(entries.Count, name, snapshot, properties);

    /// <summary>Adds at a place in zfs's output order (zfs sorts by name: "rpool/a" comes before "rpool/zones").</summary>
    public Entry Insert(int index, string name, bool snapshot = false, params (string Property, string Value, string Source)[] properties)
    {
        var entry = new Entry(name, snapshot, new Dictionary<string, (string, string)>(StringComparer.Ordinal));
        foreach (var (property, value, source) in properties)
        {
            entry.Properties[property] = (value, source);
        }

        entries.Insert(index, entry);
        return entry;
    }

    public Entry Get(string name) => entries.Single(e => e.Name == name);

    public void Set(string name, string property, string value) => Get(name).Properties[property] = (value, "local");

    /// <summary>zfs inherit: the parent's value, as inherited from where the parent has it; gone when the parent has none (a user property).</summary>
    public void Inherit(string name, string property)
    {
        var entry = Get(name);
        var parent = entries.SingleOrDefault(e => e.Name == name[..name.LastIndexOf('/')]);
        if (parent is not null && parent.Properties.TryGetValue(property, out var inherited))
        {
            var from = inherited.Source.StartsWith("inherited from ", StringComparison.Ordinal) ? inherited.Source : "inherited from " + parent.Name;
            entry.Properties[property] = (inherited.Value, from);
        }
        else
        {
            entry.Properties.Remove(property);
        }
    }

    public (string Stdout, int ExitCode, string Stderr) Answer(NativeCommand command)
    {
        var args = command.Arguments.ToList();
        var verb = args[0];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 1;
        for (; i < args.Count && args[i].StartsWith('-'); i++)
        {
            options[args[i]] = args[i] is "-o" or "-t" or "-d" or "-s" ? args[++i] : string.Empty;
        }

        var fields = options["-o"].Split(',');
        var properties = verb == "get" ? args[i++].Split(',') : [];
        var operands = args.Skip(i).ToList();
        var types = options.TryGetValue("-t", out var t) ? t.Split(',') : verb == "get" ? ["all"] : ["filesystem", "volume"];
        var recursive = options.ContainsKey("-r") || options.ContainsKey("-d");
        var depth = options.TryGetValue("-d", out var d) ? int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var selected = new List<Entry>();
        if (operands.Count == 0)
        {
            selected.AddRange(entries);
        }

        foreach (var operand in operands)
        {
            if (!entries.Any(e => e.Name == operand))
            {
                stderr.Append("cannot open '").Append(operand).Append("': dataset does not exist\n");
                continue;
            }

            selected.AddRange(entries.Where(e => e.Name == operand || (recursive && Below(e.Name, operand, depth))));
        }

        foreach (var entry in selected.Distinct().Where(e => Typed(e, types, explicitlyNamed: operands.Contains(e.Name) && !recursive)))
        {
            if (verb == "get")
            {
                foreach (var property in properties)
                {
                    var (value, source) = Value(entry, property);
                    stdout.AppendJoin('\t', fields.Select(f => f switch
                    {
                        "name" => entry.Name,
                        "property" => property,
                        "value" => value,
                        "source" => source,
                        _ => throw new InvalidOperationException("zfs get -o " + f),
                    })).Append('\n');
                }
            }
            else
            {
                stdout.AppendJoin('\t', fields.Select(f => Value(entry, f).Value)).Append('\n');
            }
        }

        return (stdout.ToString(), stderr.Length > 0 ? 1 : 0, stderr.ToString());
    }

    private static bool Below(string name, string parent, int depth)
    {
        if (name.StartsWith(parent + "@", StringComparison.Ordinal))
        {
            return depth >= 1;
        }

        if (!name.StartsWith(parent + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name[(parent.Length + 1)..];
        return rest.Count(c => c == '/') + (rest.Contains('@') ? 2 : 1) <= depth;
    }

    private static bool Typed(Entry entry, string[] types, bool explicitlyNamed) =>
        explicitlyNamed || types.Contains("all") || types.Contains(entry.Snapshot ? "snapshot" : "filesystem");

    private static (string Value, string Source) Value(Entry entry, string property) => property switch
    {
        "name" => (entry.Name, "-"),
        "type" => (entry.Snapshot ? "snapshot" : "filesystem", "-"),
        _ when entry.Properties.TryGetValue(property, out var given) => given,
        "origin" or "creation" or "used" or "referenced" or "userrefs" or "canmount" or "zoned" or "mountpoint" when !entry.Snapshot || property != "userrefs"
            => DefaultOf(entry, property),
        _ => ("-", "-"),
    };

    private static (string, string) DefaultOf(Entry entry, string property) => property switch
    {
        "creation" => ("1700000000", "-"),
        "used" => ("1024", "-"),
        "referenced" => ("2048", "-"),
        "canmount" when !entry.Snapshot => ("on", "default"),
        "zoned" when !entry.Snapshot => ("off", "default"),
        "mountpoint" when !entry.Snapshot => ("/" + entry.Name, "default"),
        _ => ("-", "-"),
    };
}

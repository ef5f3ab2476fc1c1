using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Core.Zfs.Parsing;

/// <summary>
/// The columns given to <c>zfs list -H -p -o &lt;fields&gt;</c>, validated as property names, with the
/// kind of each so the parser knows which columns must be integers. Build it once and reuse it:
/// it also holds the slot map that lets rows store values without per-row dictionaries.
/// </summary>
internal sealed class ZfsFieldList
{
    /// <summary>Rows keep an "absent" bit per field in one ulong.</summary>
    public const int MaxFields = 64;

    private readonly ZfsPropertyName[] names;
    private readonly ZfsPropertyKind[] kinds;
    private readonly int[] slots;
    private readonly Dictionary<string, int> indexByName;

    public ZfsFieldList(params string[] fields)
        : this((IEnumerable<string>)fields)
    {
    }

    public ZfsFieldList(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        names = fields.Select(ZfsPropertyName.Parse).ToArray();
        if (names.Length is 0 or > MaxFields)
        {
            throw new ZoneDelegationException(ErrorIds.InvalidPropertyName, ZoneErrorCategory.InvalidArgument,
                $"A zfs list field list needs 1 to {MaxFields} fields; {names.Length} were given.", names.Length,
                "Name the columns to read, e.g. name,used,referenced.");
        }

        kinds = new ZfsPropertyKind[names.Length];
        slots = new int[names.Length];
        indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (!indexByName.TryAdd(names[i].Value, i))
            {
                throw new ZoneDelegationException(ErrorIds.InvalidPropertyName, ZoneErrorCategory.InvalidArgument,
                    $"The field '{names[i]}' is listed twice.", names[i].Value, "List each field once.");
            }

            kinds[i] = names[i].Kind;
            slots[i] = kinds[i] == ZfsPropertyKind.Integer ? IntegerCount++ : TextCount++;
        }

        Argument = string.Join(',', names.Select(n => n.Value));
    }

    /// <summary><c>zfs list -H -p -t snapshot -o name,creation,used,referenced</c>.</summary>
    public static ZfsFieldList SnapshotListing { get; } = new("name", "creation", "used", "referenced");

    /// <summary>The value for -o.</summary>
    public string Argument { get; }

    public int Count => names.Length;

    public IReadOnlyList<ZfsPropertyName> Names => names;

    internal int IntegerCount { get; }

    internal int TextCount { get; }

    public ZfsPropertyKind KindAt(int index) => kinds[index];

    /// <summary>The column of a field, or -1.</summary>
    public int IndexOf(string field) => indexByName.TryGetValue(field, out var index) ? index : -1;

    internal int SlotAt(int index) => slots[index];

    internal int RequireIndex(string field, ZfsPropertyKind kind)
    {
        var index = IndexOf(field);
        if (index < 0)
        {
            throw new InvalidOperationException($"The field '{field}' was not requested (fields: {Argument}).");
        }

        return RequireKind(index, kind);
    }

    internal int RequireKind(int index, ZfsPropertyKind kind)
    {
        if (kinds[index] != kind)
        {
            throw new InvalidOperationException($"The field '{names[index]}' is {kinds[index]}, not {kind}.");
        }

        return index;
    }

    public override string ToString() => Argument;
}

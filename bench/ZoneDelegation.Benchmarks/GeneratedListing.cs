using System.Globalization;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// Output shaped like real listings, generated line by line as it is read, so a million-line stream is
/// never held in memory (as ssh stdout is not). The same line generator builds the in-memory text
/// BenchmarkDotNet parses, so both measure the same bytes.
/// </summary>
public sealed class GeneratedListing : TextReader
{
    private const string Zone = "zones/61316833-2323-4d07-a4be-4a25d76f63a6";
    private static readonly string[] SnapshotProperties = ["creation", "used", "referenced"];

    private readonly Func<long, string> line;
    private readonly long lineCount;
    private long next;
    private string current = string.Empty;
    private int position;

    private GeneratedListing(long lineCount, Func<long, string> line)
    {
        this.lineCount = lineCount;
        this.line = line;
    }

    /// <summary><c>zfs list -H -p -t snapshot -o name,creation,used,referenced</c>: half root, half delegated snapshots.</summary>
    public static GeneratedListing SnapshotList(long lines) => new(lines, SnapshotLine);

    /// <summary><c>zfs get -H -p -o name,property,value,source creation,used,referenced</c>: three rows per snapshot.</summary>
    public static GeneratedListing SnapshotGet(long lines) => new(lines, SnapshotGetLine);

    public static string SnapshotLine(long i) => string.Create(CultureInfo.InvariantCulture,
        $"{Zone}{(i % 2 == 0 ? string.Empty : "/data")}@autosnap_{i:D8}\t{1_500_000_000 + i}\t{(i * 7919) % 10_000_000}\t{1_073_741_824 + i}\n");

    public static string SnapshotGetLine(long i)
    {
        var snapshot = i / 3;
        var property = SnapshotProperties[i % 3];
        var value = (i % 3) switch { 0 => 1_500_000_000 + snapshot, 1 => (snapshot * 7919) % 10_000_000, _ => 1_073_741_824 + snapshot };
        return string.Create(CultureInfo.InvariantCulture, $"{Zone}/data@autosnap_{snapshot:D8}\t{property}\t{value}\t-\n");
    }

    /// <summary>The whole text in memory, for BenchmarkDotNet (parsing cost without generation cost).</summary>
    public string ReadAll()
    {
        var builder = new System.Text.StringBuilder();
        for (long i = 0; i < lineCount; i++)
        {
            builder.Append(line(i));
        }

        return builder.ToString();
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (position == current.Length)
            {
                if (next == lineCount)
                {
                    break;
                }

                current = line(next++);
                position = 0;
            }

            var take = Math.Min(buffer.Length - written, current.Length - position);
            current.AsSpan(position, take).CopyTo(buffer[written..]);
            position += take;
            written += take;
        }

        return written;
    }
}

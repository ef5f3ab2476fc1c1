using System.Text;
using BenchmarkDotNet.Attributes;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// The snapshot listing parser over 1,000,000 lines. OperationsPerInvoke = lines, so BenchmarkDotNet's
/// Mean is the time per line (lines/s = 1 / Mean) and Allocated is the bytes allocated per line.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    public const int Lines = 1_000_000;

    private string listText = string.Empty;
    private byte[] listUtf8 = [];
    private string getText = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        listText = GeneratedListing.SnapshotList(Lines).ReadAll();
        listUtf8 = Encoding.UTF8.GetBytes(listText);
        getText = GeneratedListing.SnapshotGet(Lines).ReadAll();
    }

    /// <summary>zfs list -H -p -t snapshot -o name,creation,used,referenced, from text already decoded.</summary>
    [Benchmark(OperationsPerInvoke = Lines, Baseline = true)]
    public ulong SnapshotList()
    {
        ulong sum = 0;
        foreach (var row in ZfsListParser.Parse(new StringReader(listText), ZfsFieldList.SnapshotListing))
        {
            sum += row.GetInteger(2).Value.GetValueOrDefault() + (ulong)row.Name.Length;
        }

        return sum;
    }

    /// <summary>The same, from UTF-8 bytes as they come off ssh's stdout (includes decoding).</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public ulong SnapshotListFromUtf8()
    {
        ulong sum = 0;
        using var reader = new StreamReader(new MemoryStream(listUtf8, writable: false), Encoding.UTF8);
        foreach (var row in ZfsListParser.Parse(reader, ZfsFieldList.SnapshotListing))
        {
            sum += row.GetInteger(2).Value.GetValueOrDefault() + (ulong)row.Name.Length;
        }

        return sum;
    }

    /// <summary>zfs get -H -p rows (3 per snapshot) pivoted into one record per snapshot: the zfs-fuse path.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public ulong SnapshotGetPivot()
    {
        ulong sum = 0;
        foreach (var set in ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(new StringReader(getText))))
        {
            sum += set.GetInteger("used").Value.GetValueOrDefault();
        }

        return sum;
    }
}

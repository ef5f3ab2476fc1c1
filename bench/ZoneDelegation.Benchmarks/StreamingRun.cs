using System.Diagnostics;
using System.Globalization;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// <c>stream &lt;lines&gt; [list|get]</c>: parses a listing generated on the fly (never held in memory) and
/// prints throughput and peak memory, to show that memory does not grow with the number of lines.
/// </summary>
public static class StreamingRun
{
    public static int Run(string[] args)
    {
        var lines = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var mode = args.Length > 2 ? args[2] : "list";
        var peakHeap = 0L;
        var records = 0L;
        var stopwatch = Stopwatch.StartNew();
        if (mode == "get")
        {
            foreach (var set in ZfsPropertyPivot.GroupByDataset(ZfsGetParser.ParseZfsGet(GeneratedListing.SnapshotGet(lines))))
            {
                _ = set.GetInteger("used");
                Sample(ref records, ref peakHeap);
            }
        }
        else
        {
            foreach (var row in ZfsListParser.Parse(GeneratedListing.SnapshotList(lines), ZfsFieldList.SnapshotListing))
            {
                _ = row.GetInteger(2);
                Sample(ref records, ref peakHeap);
            }
        }

        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var info = GC.GetGCMemoryInfo();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mode={mode} lines={lines} records={records} elapsed={stopwatch.Elapsed.TotalSeconds:F3}s " +
            $"lines/s={lines / stopwatch.Elapsed.TotalSeconds:N0} " +
            $"peakWorkingSet={process.PeakWorkingSet64 / 1048576.0:F1}MiB peakGcHeapSampled={peakHeap / 1048576.0:F2}MiB " +
            $"gcHeapAtEnd={info.HeapSizeBytes / 1048576.0:F2}MiB gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} " +
            $"allocated={GC.GetTotalAllocatedBytes() / 1048576.0:F0}MiB"));
        return 0;
    }

    private static void Sample(ref long records, ref long peakHeap)
    {
        // Sampling every 4096 records keeps the measurement from costing more than the parse.
        if ((++records & 4095) == 0)
        {
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
        }
    }
}

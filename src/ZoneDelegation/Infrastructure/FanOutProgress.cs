using System.Globalization;
using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// The progress of one fan-out over compute nodes, as PowerShell progress records: one activity per
/// cmdlet call, "done of total" and the CN that just finished. Used on the pipeline thread only.
/// </summary>
public sealed class FanOutProgress<TInput>(string activity, int total, Func<TInput, string> describe)
{
    // One id per fan-out in the session, so nested or consecutive calls never overwrite each other's bar.
    private static int lastActivityId;

    private readonly int activityId = Interlocked.Increment(ref lastActivityId);
    private int done;

    public ProgressRecord Finished(TInput input)
    {
        done++;
        var status = string.Create(CultureInfo.InvariantCulture, $"{done} of {total} compute nodes done");
        return new ProgressRecord(activityId, activity, status)
        {
            CurrentOperation = describe(input),
            PercentComplete = total > 0 ? Math.Min(100, done * 100 / total) : -1,
        };
    }

    public ProgressRecord Completed() =>
        new(activityId, activity, "done") { RecordType = ProgressRecordType.Completed };
}

/// <summary>Creates a <see cref="FanOutProgress{TInput}"/> with the input type inferred.</summary>
public static class FanOutProgress
{
    public static FanOutProgress<TInput> For<TInput>(string activity, int total, Func<TInput, string> describe) => new(activity, total, describe);
}

using Xunit;
using ZoneDelegation.Core.Execution;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>
/// The queue a cmdlet gives <see cref="CommandNotices"/>: filled from any thread (a fan-out's workers), emptied in
/// order by the one thread that writes to the pipeline, never losing a notice whose write failed.
/// </summary>
public class CommandNoticeQueueTests
{
    [Fact]
    public void NoticesAreWrittenOldestFirstAndOnlyOnce()
    {
        var queue = new CommandNoticeQueue();
        queue.Sink(Notice("one"));
        queue.Sink(Notice("two"));
        var written = new List<string>();

        queue.WriteTo(notice => written.Add(notice.Message));
        queue.WriteTo(notice => written.Add(notice.Message));

        Assert.Equal(["one", "two"], written);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void ANoticeWhoseWriteThrowsStaysQueued()
    {
        var queue = new CommandNoticeQueue();
        queue.Sink(Notice("kept"));

        Assert.Throws<InvalidOperationException>(() => queue.WriteTo(_ => throw new InvalidOperationException("the pipeline stopped")));

        var written = new List<string>();
        queue.WriteTo(notice => written.Add(notice.Message));
        Assert.Equal(["kept"], written);
    }

    [Fact]
    public void EveryNoticeOfAFanOutsWorkersReachesTheCallersQueue()
    {
        // The workers inherit the scope the calling (pipeline) thread entered: nothing has to be handed to them.
        var queue = new CommandNoticeQueue();
        var writerThread = Environment.CurrentManagedThreadId;
        var written = new List<string>();
        using (CommandNotices.Enter(queue.Sink))
        {
            var inputs = Enumerable.Range(0, 16).ToList();
            foreach (var result in FanOut.Run(inputs, 8, (input, _) => Work(input)))
            {
                queue.WriteTo(notice =>
                {
                    Assert.Equal(writerThread, Environment.CurrentManagedThreadId);
                    written.Add(notice.Message);
                });
            }

            queue.WriteTo(notice => written.Add(notice.Message));
        }

        Assert.Equal(16 * 50, written.Count);
        Assert.Equal(16 * 50, written.Distinct().Count());

        static IEnumerable<int> Work(int input)
        {
            var sink = CommandNotices.Current ?? throw new InvalidOperationException("The worker has no notice scope.");
            for (var i = 0; i < 50; i++)
            {
                sink(Notice($"{input}/{i}"));
            }

            yield return input;
        }
    }

    [Fact]
    public void TheTextNamesTheComputeNodeOnce()
    {
        Assert.Equal("cn01: the channel was closed", Notice("the channel was closed").Text);
        Assert.Equal("A command channel to cn01 could not be opened", Notice("A command channel to cn01 could not be opened").Text);
    }

    private static CommandNotice Notice(string message) => new(CommandNoticeLevel.Verbose, "cn01", message);
}

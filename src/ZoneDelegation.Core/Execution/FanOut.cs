using System.Collections.Concurrent;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Execution;

/// <summary>
/// Runs work for many inputs (usually compute nodes) in parallel, at most <c>throttleLimit</c> at
/// once, and hands every output and error back to the calling thread as it arrives. Cmdlets call it
/// from the pipeline thread and do all WriteObject/WriteError there; workers never touch the host.
/// One input failing never stops the others. With <c>reportFinished</c>, a Finished result follows the
/// last output or error of each input, so the caller can report progress on its own thread.
/// Each worker runs on a thread of its own (a worker blocks on a remote command for its whole life:
/// on thread-pool threads, 64 of them would starve the pool and every timer with it) inside a
/// <see cref="CommandCancellation"/> scope, so stopping the fan-out stops the commands its workers are running.
/// What a worker still produces after the stop (the error of a change it cut short, what it read back of the
/// changes already made) is still handed to the caller, for at most <see cref="DrainTimeout"/>: the operator must
/// learn what is in place, and a caller that is gone never leaves a worker blocked.
/// </summary>
internal static class FanOut
{
    /// <summary>After a stop: how long the caller waits for what the workers still hand over, and a worker for room to hand it over.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static IEnumerable<FanOutResult<TInput, TOutput>> Run<TInput, TOutput>(
        IEnumerable<TInput> inputs,
        int throttleLimit,
        Func<TInput, CancellationToken, IEnumerable<TOutput>> work,
        CancellationToken cancellationToken = default,
        bool reportFinished = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(throttleLimit, 1);

        // Bounded so that a fast worker cannot fill memory while the pipeline is slow to consume.
        using var results = new BlockingCollection<FanOutResult<TInput, TOutput>>(boundedCapacity: 1024);
        using var slots = new SemaphoreSlim(throttleLimit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var producer = Task.Run(async () =>
        {
            var workers = new List<Task>();
            try
            {
                foreach (var input in inputs)
                {
                    await slots.WaitAsync(linked.Token).ConfigureAwait(false);
                    workers.Add(Task.Factory.StartNew(() =>
                    {
                        using var scope = CommandCancellation.Enter(linked.Token);
                        try
                        {
                            foreach (var output in work(input, linked.Token))
                            {
                                HandOver(results, FanOutResult<TInput, TOutput>.Success(input, output), linked.Token);
                            }
                        }
                        catch (OperationCanceledException) when (linked.IsCancellationRequested)
                        {
                        }
                        catch (Exception error)
                        {
                            HandOver(results, FanOutResult<TInput, TOutput>.Failure(input, error), linked.Token);
                        }
                        finally
                        {
                            if (reportFinished)
                            {
                                HandOver(results, FanOutResult<TInput, TOutput>.Finished(input), linked.Token);
                            }

                            slots.Release();
                        }
                    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
            }
            finally
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
                results.CompleteAdding();
            }
        });

        try
        {
            var drain = new Drain(linked.Token);
            while (drain.TryTake(results, out var result))
            {
                yield return result;
            }
        }
        finally
        {
            // The consumer stopped early (Ctrl+C, Select-Object -First): stop the workers and wait for them.
            // What they still hand over is dropped, so that none waits for room.
            linked.Cancel();
            do
            {
                while (results.TryTake(out _))
                {
                }
            }
            while (!producer.Wait(TimeSpan.FromMilliseconds(50)));
        }
    }

    /// <summary>Adds a worker's result; after the stop, waits at most <see cref="DrainTimeout"/> for room, then drops it.</summary>
    private static void HandOver<TInput, TOutput>(BlockingCollection<FanOutResult<TInput, TOutput>> results,
        FanOutResult<TInput, TOutput> result, CancellationToken stop)
    {
        try
        {
            results.Add(result, stop);
            return;
        }
        catch (OperationCanceledException)
        {
            // Stopped: what is still made is handed over below, if the caller is still taking.
        }
        catch (InvalidOperationException)
        {
            return; // adding completed: nobody takes any more
        }

        try
        {
            results.TryAdd(result, DrainTimeout);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// The caller's side: takes results until every worker is done; once stopped, only for <see cref="DrainTimeout"/> more
    /// (a worker stuck in a read that cannot be cancelled never holds the caller past it).
    /// </summary>
    private sealed class Drain(CancellationToken stop)
    {
        private DateTime? deadline;

        public bool TryTake<T>(BlockingCollection<T> results, out T result)
        {
            if (!stop.IsCancellationRequested)
            {
                try
                {
                    if (results.TryTake(out result!, Timeout.Infinite, stop))
                    {
                        return true;
                    }

                    return false; // every worker is done
                }
                catch (OperationCanceledException)
                {
                    // Stopped while waiting: what the workers still hand over is taken below.
                }
            }

            deadline ??= DateTime.UtcNow + DrainTimeout;
            var left = deadline.Value - DateTime.UtcNow;
            return results.TryTake(out result!, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }
}

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
/// </summary>
internal static class FanOut
{
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
                                results.Add(FanOutResult<TInput, TOutput>.Success(input, output), linked.Token);
                            }
                        }
                        catch (OperationCanceledException) when (linked.IsCancellationRequested)
                        {
                        }
                        catch (Exception error)
                        {
                            TryAdd(results, FanOutResult<TInput, TOutput>.Failure(input, error), linked.Token);
                        }
                        finally
                        {
                            if (reportFinished)
                            {
                                TryAdd(results, FanOutResult<TInput, TOutput>.Finished(input), linked.Token);
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
            foreach (var result in results.GetConsumingEnumerable())
            {
                yield return result;
            }
        }
        finally
        {
            // The consumer stopped early (Ctrl+C, Select-Object -First): stop the workers and wait for them.
            linked.Cancel();
            while (results.TryTake(out _))
            {
            }

            producer.Wait(CancellationToken.None);
        }
    }

    private static void TryAdd<TInput, TOutput>(BlockingCollection<FanOutResult<TInput, TOutput>> results,
        FanOutResult<TInput, TOutput> result, CancellationToken token)
    {
        try
        {
            results.Add(result, token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

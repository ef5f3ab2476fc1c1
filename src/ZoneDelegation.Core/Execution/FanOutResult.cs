namespace ZoneDelegation.Core.Execution;

/// <summary>
/// One thing a worker produced for one input: an output object, the error that ended its work, or
/// (when asked for, so the caller can report progress) the mark that the input's work is finished.
/// </summary>
public sealed class FanOutResult<TInput, TOutput>
{
    private FanOutResult(TInput input, TOutput? output, Exception? error, bool isFinished = false)
    {
        Input = input;
        Output = output;
        Error = error;
        IsFinished = isFinished;
    }

    public TInput Input { get; }

    public TOutput? Output { get; }

    public Exception? Error { get; }

    public bool IsError => Error is not null;

    /// <summary>The input's work is over (after its last output or its error); carries no output.</summary>
    public bool IsFinished { get; }

    internal static FanOutResult<TInput, TOutput> Success(TInput input, TOutput output) => new(input, output, null);

    internal static FanOutResult<TInput, TOutput> Failure(TInput input, Exception error) => new(input, default, error);

    internal static FanOutResult<TInput, TOutput> Finished(TInput input) => new(input, default, null, isFinished: true);
}

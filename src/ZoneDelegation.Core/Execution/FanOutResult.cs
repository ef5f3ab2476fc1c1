namespace ZoneDelegation.Core.Execution;

/// <summary>One thing a worker produced for one input: an output object, or the error that ended its work.</summary>
public sealed class FanOutResult<TInput, TOutput>
{
    private FanOutResult(TInput input, TOutput? output, Exception? error)
    {
        Input = input;
        Output = output;
        Error = error;
    }

    public TInput Input { get; }

    public TOutput? Output { get; }

    public Exception? Error { get; }

    public bool IsError => Error is not null;

    internal static FanOutResult<TInput, TOutput> Success(TInput input, TOutput output) => new(input, output, null);

    internal static FanOutResult<TInput, TOutput> Failure(TInput input, Exception error) => new(input, default, error);
}

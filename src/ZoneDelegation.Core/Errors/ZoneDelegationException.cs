namespace ZoneDelegation.Core.Errors;

/// <summary>
/// The one exception family of Core. <see cref="ErrorId"/> is stable (Pester asserts on it),
/// <see cref="Category"/> maps to PowerShell's ErrorCategory, <see cref="Target"/> is the offending
/// value or object, and <see cref="Hint"/> tells the operator what to do next.
/// </summary>
public class ZoneDelegationException : Exception
{
    public ZoneDelegationException(string errorId, ZoneErrorCategory category, string message,
        object? target = null, string? hint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorId);
        ErrorId = errorId;
        Category = category;
        Target = target;
        Hint = hint;
    }

    public string ErrorId { get; }

    public ZoneErrorCategory Category { get; }

    public object? Target { get; }

    public string? Hint { get; }

    /// <summary>
    /// The same error, its message saying which compute node it came from: a per-zone error of a fleet run
    /// (one bad zone among thousands on hundreds of CNs) must say where to look. The original is the inner exception.
    /// </summary>
    public ZoneDelegationException On(string computeNode) =>
        new(ErrorId, Category, $"{computeNode}: {Message}", Target, Hint, this);
}

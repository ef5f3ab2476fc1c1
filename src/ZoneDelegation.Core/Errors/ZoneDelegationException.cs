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
}

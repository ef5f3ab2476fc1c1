using System.Management.Automation;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// Turns Core exceptions into ErrorRecords. The ErrorId becomes the first half of the
/// FullyQualifiedErrorId (PowerShell appends the cmdlet's class), so Pester can assert
/// <c>Should -Throw -ErrorId 'HostKeyMismatch,*'</c>.
/// </summary>
internal static class ErrorRecordFactory
{
    public const string UnexpectedErrorId = "UnexpectedError";

    public static ErrorRecord Create(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        if (exception is ZoneDelegationException zone)
        {
            // What PowerShell shows is the ErrorDetails message: without control characters, whatever text from
            // a CN a message quotes (a last line of defence; the Core cleans what it knows comes from a CN).
            return new ErrorRecord(zone, zone.ErrorId, MapCategory(zone.Category), zone.Target)
            {
                ErrorDetails = new ErrorDetails(TerminalText.Clean(zone.Message))
                {
                    RecommendedAction = string.IsNullOrEmpty(zone.Hint) ? null : zone.Hint,
                },
            };
        }

        return new ErrorRecord(exception, UnexpectedErrorId, ErrorCategory.NotSpecified, null);
    }

    /// <summary>Core's categories carry the names of PowerShell's; a module test keeps them in step.</summary>
    public static ErrorCategory MapCategory(ZoneErrorCategory category) =>
        Enum.TryParse<ErrorCategory>(category.ToString(), out var mapped) ? mapped : ErrorCategory.NotSpecified;
}

using System.Management.Automation;
using ZoneDelegation.Core.Errors;

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
            var record = new ErrorRecord(zone, zone.ErrorId, MapCategory(zone.Category), zone.Target);
            if (!string.IsNullOrEmpty(zone.Hint))
            {
                record.ErrorDetails = new ErrorDetails(zone.Message) { RecommendedAction = zone.Hint };
            }

            return record;
        }

        return new ErrorRecord(exception, UnexpectedErrorId, ErrorCategory.NotSpecified, null);
    }

    /// <summary>Core's categories carry the names of PowerShell's; a module test keeps them in step.</summary>
    public static ErrorCategory MapCategory(ZoneErrorCategory category) =>
        Enum.TryParse<ErrorCategory>(category.ToString(), out var mapped) ? mapped : ErrorCategory.NotSpecified;
}

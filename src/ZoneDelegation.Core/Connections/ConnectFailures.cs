using ZoneDelegation.Core.Errors;

namespace ZoneDelegation.Core.Connections;

/// <summary>
/// How Connect-ComputeNode ends under -ErrorAction Stop: the batch finishes first (the hosts that connect stay
/// connected), then the command ends with the first failure, whose ErrorId, category and target it keeps, its
/// message naming every host that failed and its hint how many connected.
/// </summary>
internal static class ConnectFailures
{
    public static ZoneDelegationException Stopped(Exception first, IReadOnlyCollection<Exception> later, int connected)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(later);
        var zone = first as ZoneDelegationException
            ?? new ZoneDelegationException(ErrorIds.ComputeNodeUnreachable, ZoneErrorCategory.ConnectionError, first.Message, null, null, first);
        var message = later.Count == 0
            ? zone.Message
            : $"{zone.Message.TrimEnd().TrimEnd('.')}. {later.Count} more host(s) failed too: " +
              string.Join("; ", later.Select(error => $"{TargetOf(error)} ({ErrorIdOf(error)}: {error.Message})")) + ".";
        var kept = connected == 0
            ? "No host of this command connected."
            : $"The {connected} host(s) of this command that connected stay connected (Get-ComputeNodeConnection lists them).";
        var hint = string.IsNullOrEmpty(zone.Hint) ? kept : $"{zone.Hint} {kept}";
        return new ZoneDelegationException(zone.ErrorId, zone.Category, message, zone.Target, hint, first);
    }

    private static string ErrorIdOf(Exception error) => error is ZoneDelegationException zone ? zone.ErrorId : error.GetType().Name;

    private static string TargetOf(Exception error) => error is ZoneDelegationException { Target: { } target } ? target.ToString() ?? "?" : "?";
}

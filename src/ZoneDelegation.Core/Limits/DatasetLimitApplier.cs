using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Limits;

/// <summary>
/// Runs a <see cref="DatasetLimitPlan"/>, re-reads the zone root and verifies it against the request.
/// When a step fails part way (one <c>zfs set</c> per property ran, the next failed; or a write may
/// still be running), the zone root is read back and the error says exactly what changed and what did not.
/// </summary>
internal static class DatasetLimitApplier
{
    /// <returns>The limits as zfs shows them after the change (Set-DatasetLimit -PassThru).</returns>
    public static DatasetLimit Apply(ComputeNodeConnection connection, DatasetLimitPlan plan)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        return VerifiedChange.Apply(connection.Transport, plan.Plan,
            () => DatasetLimitReader.Read(connection, plan.Location),
            after => DatasetLimitVerifier.Differences(plan.Request, after),
            DatasetLimitVerifier.Mismatch,
            failure => failure.Error is NativeCommandException native ? WithWhatChanged(connection, plan, native) : failure.Error);
    }

    private static NativeCommandException WithWhatChanged(ComputeNodeConnection connection, DatasetLimitPlan plan, NativeCommandException failure)
    {
        string changed;
        try
        {
            // VerifiedChange calls this in its no-cancel scope: read back even when the operation was stopped.
            changed = Describe(plan.Before, DatasetLimitReader.Read(connection, plan.Location));
        }
        catch (Exception error) when (error is ZoneDelegationException or OperationCanceledException)
        {
            changed = "What is in place now could not be read back: " + error.Message;
        }

        return new NativeCommandException(failure.ErrorId, failure.Category,
            $"{failure.Message} {changed}", failure.ComputeNode, failure.CommandLine, failure.ExitCode, failure.StandardError,
            $"Check with Get-DatasetLimit -ComputeNode {connection.ComputeNode} -Zone {plan.Request.Zone}, then run Set-DatasetLimit again for what did not change.");
    }

    /// <summary>"Read back: snapshot_limit changed 10 -> 5; filesystem_limit unchanged (10); quota unchanged (none)."</summary>
    internal static string Describe(DatasetLimit before, DatasetLimit after)
    {
        var parts = new[]
        {
            Compare("snapshot_limit", before.SnapshotLimit, after.SnapshotLimit),
            Compare("filesystem_limit", before.FilesystemLimit, after.FilesystemLimit),
            Compare(after.QuotaProperty, before.Quota, after.Quota),
        };
        return "Read back: " + string.Join("; ", parts) + ".";
    }

    private static string Compare(string property, ulong? before, ulong? after) =>
        before == after
            ? $"{property} unchanged ({DatasetLimitVerifier.Show(after)})"
            : $"{property} CHANGED {DatasetLimitVerifier.Show(before)} -> {DatasetLimitVerifier.Show(after)}";
}

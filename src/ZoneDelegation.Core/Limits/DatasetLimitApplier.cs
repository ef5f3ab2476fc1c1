using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.Limits;

/// <summary>Runs a <see cref="DatasetLimitPlan"/>, re-reads the zone root and verifies it against the request.</summary>
public static class DatasetLimitApplier
{
    /// <returns>The limits as zfs shows them after the change (Set-DatasetLimit -PassThru).</returns>
    public static DatasetLimit Apply(ComputeNodeConnection connection, DatasetLimitPlan plan)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        ChangePlanRunner.Apply(connection.Transport, plan.Plan);
        var after = DatasetLimitReader.Read(connection, plan.Request.Zone);
        DatasetLimitVerifier.Verify(plan.Request, after);
        return after;
    }
}

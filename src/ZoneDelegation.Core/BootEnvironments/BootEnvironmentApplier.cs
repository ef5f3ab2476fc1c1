using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Planning;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Runs a <see cref="BootEnvironmentPlan"/>, reads the zone again and compares it with what the plan promised;
/// a filesystem the zone created below what the plan unzoned fails the change (<see cref="BootEnvironmentEscapeGuard"/>).
/// </summary>
internal static class BootEnvironmentApplier
{
    /// <returns>The zone's state after the change.</returns>
    public static ZoneBootEnvironmentState Apply(ComputeNodeConnection connection, BootEnvironmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        return VerifiedChange.Apply(connection.Transport, plan.Plan,
            // The read-back also catches a dataset the zone slipped below what Protect unzoned (and zones it again).
            () => BootEnvironmentEscapeGuard.Check(connection, plan,
                ZoneBootEnvironmentStateReader.Read(connection, plan.Before.Zone, GlobalBootEnvironmentReader.Read(connection))),
            plan.Differences,
            (after, differences) => new ZoneDelegationException(ErrorIds.VerificationFailed, ZoneErrorCategory.InvalidResult,
                $"The boot environments of zone '{after.Zone.Name}' on {after.ComputeNode} are not as planned after the change: " +
                string.Join("; ", differences) + ".", after.Zone.Name,
                "The commands reported success but zfs shows otherwise. Run Get-ZoneBootEnvironment to see the state, then retry."));
    }
}

using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Names;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// For cmdlets that take zones from the pipeline and read them per CN in bulk (Get-DatasetLimit,
/// Test-ZoneCompliance, Repair-SafeZone): input is gathered per compute node while the pipeline runs
/// (UUIDs only, a few bytes each), then each CN's zones are handed to one worker of the fan-out, which
/// reads them all in a fixed number of commands. A worker yields outputs and per-zone exceptions; an
/// exception becomes that zone's error record, and the other zones go on.
/// </summary>
public abstract class ZoneBatchCmdlet : ZoneDelegationCmdlet
{
    // Keyed by the CN name as the registry knows it ("" for "the one open connection"), in first-seen order.
    private readonly Dictionary<string, ZoneBatch> batches = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ZoneBatch> order = [];

    // While PlanThenApply plans: what to do with each plan as it reaches the pipeline thread.
    private Action<Planned>? onPlanned;

    /// <summary>Adds zones for a CN; null zones means every zone of that CN. A malformed UUID is that zone's error.</summary>
    protected void AddToBatch(ComputeNodeTarget? computeNode, IEnumerable<string>? zones)
    {
        var key = computeNode?.Name ?? string.Empty;
        if (!batches.TryGetValue(key, out var batch))
        {
            batch = new ZoneBatch(computeNode);
            batches.Add(key, batch);
            order.Add(batch);
        }

        if (zones is null)
        {
            batch.AllZones = true;
            return;
        }

        foreach (var zone in zones)
        {
            try
            {
                batch.Add(ZoneUuid.Parse(zone));
            }
            catch (ZoneDelegationException error)
            {
                WriteZoneError(error);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> once per CN in parallel (ForEachComputeNode: throttled, output on
    /// this thread). The zones are null when every zone of the CN was asked for.
    /// </summary>
    protected void ForEachBatch(int throttleLimit, Func<ComputeNodeConnection, IReadOnlyCollection<ZoneUuid>?, CancellationToken, IEnumerable<object>> work)
    {
        var pending = order.Where(batch => batch.AllZones || batch.Zones.Count > 0).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var targets = pending.Where(batch => batch.Target is not null).Select(batch => batch.Target!).ToList();
        var defaultBatch = pending.FirstOrDefault(batch => batch.Target is null);
        var onlyDefault = targets.Count == 0;
        if (defaultBatch is not null && !onlyDefault)
        {
            // Some input named a CN and some did not: the unnamed ones go to the one open connection, named.
            try
            {
                var only = Connections.Resolve(null);
                if (Merge(only.ComputeNode, defaultBatch))
                {
                    targets.Add(new ComputeNodeTarget(only));
                }
            }
            catch (ZoneDelegationException error)
            {
                WriteZoneError(error);
            }
        }

        ForEachComputeNode(targets, throttleLimit, (connection, token) =>
        {
            var batch = (onlyDefault ? defaultBatch : batches.GetValueOrDefault(connection.ComputeNode))
                ?? throw new InvalidOperationException($"No zones were gathered for {connection.ComputeNode}.");
            return work(connection, batch.AllZones ? null : batch.Zones.ToArray(), token);
        });
    }

    /// <summary>
    /// Reads zones one after the other on a worker, streaming each zone's output; a zone whose read fails
    /// yields its exception (that zone's error) and the next zone is read.
    /// </summary>
    protected static IEnumerable<object> EachZone<T>(IEnumerable<ZoneUuid> zones, Func<ZoneUuid, IEnumerable<T>> read)
    {
        foreach (var zone in zones)
        {
            using var items = read(zone).GetEnumerator();
            while (true)
            {
                object? item;
                try
                {
                    if (!items.MoveNext())
                    {
                        break;
                    }

                    item = items.Current;
                }
                catch (ZoneDelegationException error)
                {
                    item = error;
                }

                yield return item!;
                if (item is ZoneDelegationException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The two-phase fan-out of cmdlets that change zones: every CN is planned in parallel (<paramref name="plan"/>
    /// yields plans, other outputs and per-zone exceptions); here, on the pipeline thread, <paramref name="decide"/>
    /// is asked for each plan as it arrives (ShouldProcess lives there) and returns the plan to apply, or null;
    /// then the approved plans of each CN are applied in parallel by <paramref name="apply"/>, on the connection
    /// that planned them. Both phases go through ForEachComputeNode: throttled, with progress, one CN's failure its own.
    /// </summary>
    protected void PlanThenApply<TPlan>(int throttleLimit,
        Func<ComputeNodeConnection, IReadOnlyCollection<ZoneUuid>?, IEnumerable<object>> plan,
        Func<TPlan, TPlan?> decide,
        Func<ComputeNodeConnection, IReadOnlyList<TPlan>, IEnumerable<object>> apply)
        where TPlan : class
    {
        var approved = new Dictionary<ComputeNodeConnection, List<TPlan>>(ReferenceEqualityComparer.Instance);
        onPlanned = planned =>
        {
            if (decide((TPlan)planned.Plan) is { } accepted)
            {
                if (!approved.TryGetValue(planned.Connection, out var plans))
                {
                    approved[planned.Connection] = plans = [];
                }

                plans.Add(accepted);
            }
        };
        try
        {
            ForEachBatch(throttleLimit, (connection, zones, _) =>
                plan(connection, zones).Select(item => item is TPlan typed ? new Planned(connection, typed) : item));
        }
        finally
        {
            onPlanned = null;
        }

        if (approved.Count > 0)
        {
            ForEachComputeNode(approved.Keys.Select(connection => new ComputeNodeTarget(connection)).ToList(), throttleLimit,
                (connection, _) => apply(connection, approved[connection]));
        }
    }

    /// <summary>A plan goes to PlanThenApply; anything else is output (a per-zone exception never gets here: WriteResults writes it as that zone's error).</summary>
    protected override void WriteOutput(object? output)
    {
        switch (output)
        {
            case Planned planned when onPlanned is not null:
                onPlanned(planned);
                break;
            default:
                WriteZoneOutput(output);
                break;
        }
    }

    /// <summary>Where each zone's output goes; a cmdlet may reshape it (-Quiet) or act on it (ShouldProcess).</summary>
    protected virtual void WriteZoneOutput(object? output) => WriteObject(output);

    /// <returns>False when the CN already had a batch (it is then already a target).</returns>
    private bool Merge(string computeNode, ZoneBatch from)
    {
        if (!batches.TryGetValue(computeNode, out var into))
        {
            batches[computeNode] = from;
            return true;
        }

        into.AllZones |= from.AllZones;
        foreach (var zone in from.Zones)
        {
            into.Add(zone);
        }

        return false;
    }

    /// <summary>A plan and the connection that made it (the apply phase runs on the same connection).</summary>
    private sealed record Planned(ComputeNodeConnection Connection, object Plan);

    private sealed class ZoneBatch(ComputeNodeTarget? target)
    {
        private readonly HashSet<ZoneUuid> seen = [];

        public ComputeNodeTarget? Target { get; } = target;

        public bool AllZones { get; set; }

        // In first-seen order, so output follows input order where the reader keeps it (Get-DatasetLimit).
        public List<ZoneUuid> Zones { get; } = [];

        public void Add(ZoneUuid zone)
        {
            if (seen.Add(zone))
            {
                Zones.Add(zone);
            }
        }
    }
}

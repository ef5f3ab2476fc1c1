using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Execution;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// The one way a cmdlet takes a fleet: -ComputeNode (one or more CNs, or the one open connection) and the
/// zones asked for on them are gathered while the pipeline runs (<see cref="Request"/>), then each CN is
/// read once, in parallel up to -ThrottleLimit (<see cref="ForEachRequest"/>, <see cref="PlanThenApply{TPlan}"/>).
/// Outputs and errors are written on the pipeline thread; an exception a worker yields is that zone's error
/// and the other zones go on. No pipeline input at all asks for nothing.
/// </summary>
/// <typeparam name="TZone">How the cmdlet names a zone: <c>ZoneUuid</c> (vmadm zones) or the zone's name (zone BEs).</typeparam>
public abstract class FleetCmdlet<TZone> : ZoneDelegationCmdlet
    where TZone : notnull
{
    private readonly FleetRequests<TZone> requests = new();

    // While PlanThenApply plans: what to do with each plan as it reaches the pipeline thread.
    private Action<Planned>? onPlanned;

    /// <summary>
    /// Where the zones are, by property name from any output of the module. A cmdlet whose input is the
    /// compute node itself overrides it to take it by value (Get-ComputeNodeConnection | ...).
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public virtual ComputeNodeTarget[]? ComputeNode { get; set; }

    [Parameter]
    [ValidateRangeIfGiven(1, 1000)]
    [BlankMeansNotGiven]
    public int? ThrottleLimit { get; set; }

    /// <summary>
    /// Asks for <paramref name="zones"/> on each CN of -ComputeNode (none given: the one open connection);
    /// null zones asks for every zone. A zone that <paramref name="parse"/> refuses is that zone's error.
    /// </summary>
    protected void Request(IEnumerable<string>? zones, Func<string, TZone> parse) =>
        RequestOnEachComputeNode(zones is null ? null : Parse(zones, parse));

    /// <summary>For cmdlets that take no zones: each CN of -ComputeNode (or the one open connection) is asked for, once.</summary>
    protected void RequestComputeNodes() => RequestOnEachComputeNode(null);

    /// <summary>
    /// Runs <paramref name="work"/> once per CN asked for, in parallel up to -ThrottleLimit, with progress;
    /// output and errors on this thread. The zones are null when every zone of the CN was asked for.
    /// </summary>
    protected void ForEachRequest(Func<ComputeNodeConnection, IReadOnlyCollection<TZone>?, CancellationToken, IEnumerable<object>> work)
    {
        var pending = requests.Pending;
        if (pending.Count == 0)
        {
            return;
        }

        var targets = pending.Where(request => request.Target is not null).Select(request => request.Target!).ToList();
        var unnamed = pending.FirstOrDefault(request => request.Target is null);
        var onlyUnnamed = targets.Count == 0;
        if (unnamed is not null && !onlyUnnamed)
        {
            // Some input named a CN and some did not: the unnamed ones go to the one open connection, named.
            try
            {
                var only = Connections.Resolve(null);
                if (requests.MergeInto(only.ComputeNode, unnamed))
                {
                    targets.Add(new ComputeNodeTarget(only));
                }
            }
            catch (ZoneDelegationException error)
            {
                WriteFailure(error);
            }
        }

        ForEachComputeNode(targets, (connection, token) =>
        {
            var request = (onlyUnnamed ? unnamed : requests.Find(connection.ComputeNode))
                ?? throw new InvalidOperationException($"No zones were gathered for {connection.ComputeNode}.");
            return work(connection, request.AllZones ? null : request.Zones.ToArray(), token);
        });
    }

    /// <summary>
    /// Reads zones one after the other on a worker, streaming each zone's output; a zone whose read fails
    /// yields its exception (that zone's error) and the next zone is read.
    /// </summary>
    protected static IEnumerable<object> EachZone<TName, T>(IEnumerable<TName> zones, Func<TName, IEnumerable<T>> read)
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
    /// that planned them. Both phases are throttled, with progress, one CN's failure its own.
    /// </summary>
    protected void PlanThenApply<TPlan>(
        Func<ComputeNodeConnection, IReadOnlyCollection<TZone>?, IEnumerable<object>> plan,
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
            ForEachRequest((connection, zones, _) =>
                plan(connection, zones).Select(item => item is TPlan typed ? new Planned(connection, typed) : item));
        }
        finally
        {
            onPlanned = null;
        }

        if (approved.Count > 0)
        {
            ForEachComputeNode(approved.Keys.Select(connection => new ComputeNodeTarget(connection)).ToList(),
                (connection, _) => apply(connection, approved[connection]));
        }
    }

    /// <summary>A plan goes to PlanThenApply; anything else is output (a per-zone exception never gets here: WriteResults writes it as that zone's error).</summary>
    protected sealed override void WriteOutput(object? output)
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

    /// <summary>
    /// Runs work on each compute node in parallel up to -ThrottleLimit (connections resolved on the worker,
    /// so an unknown name is that CN's error, not the whole command's). No targets: the one open connection,
    /// and a missing or ambiguous one ends the cmdlet.
    /// </summary>
    private void ForEachComputeNode(IReadOnlyList<ComputeNodeTarget> targets, Func<ComputeNodeConnection, CancellationToken, IEnumerable<object>> work)
    {
        EnterScopes();
        if (targets.Count == 0)
        {
            ComputeNodeConnection only;
            try
            {
                only = Connections.Resolve(null);
            }
            catch (ZoneDelegationException error)
            {
                ThrowZoneError(error);
                return;
            }

            targets = [new ComputeNodeTarget(only)];
        }

        WriteResults(
            FanOut.Run(targets, ThrottleLimit ?? DefaultThrottleLimit, (target, token) => work(target.Resolve(Connections), token), StopToken, reportFinished: true),
            FanOutProgress.For<ComputeNodeTarget>(MyInvocation.MyCommand.Name, targets.Count, target => target.ToString() ?? string.Empty));
    }

    /// <param name="zones">Null: every zone.</param>
    private void RequestOnEachComputeNode(IReadOnlyList<TZone>? zones)
    {
        var computeNodes = ComputeNode is { Length: > 0 } given ? given : new ComputeNodeTarget?[] { null };
        foreach (var computeNode in computeNodes)
        {
            var request = requests.For(computeNode);
            if (zones is null)
            {
                request.AllZones = true;
                continue;
            }

            foreach (var zone in zones)
            {
                request.Add(zone);
            }
        }
    }

    private List<TZone> Parse(IEnumerable<string> zones, Func<string, TZone> parse)
    {
        var parsed = new List<TZone>();
        foreach (var zone in zones)
        {
            try
            {
                parsed.Add(parse(zone));
            }
            catch (ZoneDelegationException error)
            {
                // Through WriteFailure, so that -Quiet counts a zone it could not even name as failed.
                WriteFailure(error);
            }
        }

        return parsed;
    }

    /// <summary>A plan and the connection that made it (the apply phase runs on the same connection).</summary>
    private sealed record Planned(ComputeNodeConnection Connection, object Plan);
}

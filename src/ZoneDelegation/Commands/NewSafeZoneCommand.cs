using System.Management.Automation;
using ZoneDelegation.Completion;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Placement;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Vmadm;
using ZoneDelegation.Core.Zones;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Creates a zone whose dataset is delegated under the RFD 44 policy ("safe"): policy, platform
/// check, plan, ShouldProcess, vmadm create with the payload on stdin, then a read-back that decides IsSafe.
/// Offered several CNs (or, with none named, every open connection), it first chooses one as DAPI would
/// (Core/Placement: <see cref="PlacementScorer"/>), counting the zones placed earlier in the same pipeline.
/// </summary>
[Cmdlet(VerbsCommon.New, "SafeZone", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SafeZone))]
public sealed class NewSafeZoneCommand : ZoneDelegationCmdlet
{
    private DelegationPolicy policy = DelegationPolicy.Default;
    private PlacementLedger? ledger;

    /// <summary>
    /// The CN, or the CNs to choose from (names or connections; by property name from a CSV row or any output of
    /// the module). None: the one open connection, or every open connection when there are several.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(ComputeNodeCompleter))]
    public ComputeNodeTarget[]? ComputeNode { get; set; }

    /// <summary>Zones (UUID or alias) whose CN must not be chosen: the other replicas of a database.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public string[]? Far { get; set; }

    /// <summary>Zones (UUID or alias) whose CN is preferred when it fits.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public string[]? Near { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(NoCompletion))]
    public string? Alias { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSetIfGiven("joyent", "joyent-minimal", "lx", "builder", "kvm", "bhyve")]
    [ArgumentCompleter(typeof(SafeBrandCompleter))]
    [BlankMeansNotGiven]
    public string? Brand { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public Guid? ImageUuid { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    [ArgumentCompleter(typeof(NoCompletion))]
    public Guid? OwnerUuid { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public Guid? Uuid { get; set; }

    /// <summary>Bytes (256MB); sent to vmadm in MiB, so it must be a whole number of MiB.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public long? MaxPhysicalMemory { get; set; }

    /// <summary>Bytes (10GB); sent to vmadm in GiB, so it must be a whole number of GiB.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public long? Quota { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRangeIfGiven(0, 9007199254740991)]
    [BlankMeansNotGiven]
    public long? SnapshotLimit { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRangeIfGiven(0, 9007199254740991)]
    [BlankMeansNotGiven]
    public long? FilesystemLimit { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public string? LimitPriv { get; set; }

    /// <summary>The rest of the vmadm payload: a hashtable, JSON text, or a JSON file path.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public object? Payload { get; set; }

    /// <summary>How long vmadm create (and start) may take; default 600. A create past it is not killed but reported as possibly still running.</summary>
    [Parameter]
    [BlankMeansNotGiven]
    [ValidateRange(1, 86400)]
    public int? CreateTimeoutSec { get; set; }

    protected override void OnBeginProcessing()
    {
        policy = LoadPolicyOrStop();
        ledger = new PlacementLedger(policy);
    }

    protected override void OnProcessRecord()
    {
        try
        {
            var candidates = Candidates();
            var request = new SafeZoneRequest
            {
                Alias = Alias,
                Brand = Brand,
                ImageUuid = ImageUuid,
                OwnerUuid = OwnerUuid,
                Uuid = Uuid,
                MaxPhysicalMemory = MaxPhysicalMemory,
                Quota = Quota,
                SnapshotLimit = SnapshotLimit,
                FilesystemLimit = FilesystemLimit,
                LimitPriv = LimitPriv,
                Payload = Payload is null ? null : JsonPayload.From(Payload, o => o is PSObject wrapped ? wrapped.BaseObject : o),
            };
            var payload = request.ToPayload();
            var (connection, placement) = Place(candidates, payload);
            var plan = SafeZoneCreationPlanner.Plan(connection, payload, policy,
                createTimeout: CreateTimeoutSec is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            foreach (var warning in plan.Warnings)
            {
                WriteWarning($"{plan.Uuid.Value}: {warning}");
            }

            foreach (var change in plan.Decision.Changes)
            {
                WriteVerbose($"{plan.Uuid.Value}: {change.Property}: {change.Before ?? "(absent)"} -> {change.After} ({change.Reason})");
            }

            WriteVerbose($"{plan.Uuid.Value}: payload {PayloadRedaction.ForDisplay(plan.Payload).ToJsonString()}");
            var approved = ShouldProcess(plan.Plan.Target, placement is null ? plan.Plan.Describe() : placement.Describe() + "\n" + plan.Plan.Describe());
            if (placement is not null && (approved || WhatIfInEffect()))
            {
                // Counted under -WhatIf too, so that a -WhatIf of a CSV shows how it would spread.
                ledger!.Record(connection, new PlacedZone(plan.Uuid.Value, Alias, placement.Request.Brand, "provisioning",
                    placement.Request.MemoryMiB, placement.Request.QuotaGiB));
            }

            if (!approved)
            {
                return;
            }

            WriteObject(SafeZoneCreationApplier.Apply(connection, plan, policy));
        }
        catch (Exception error) when (error is not PipelineStoppedException)
        {
            WriteZoneError(error);
        }
    }

    /// <summary>The CNs this record may go to, each once, in the order given.</summary>
    private List<ComputeNodeConnection> Candidates()
    {
        EnterScopes();
        if (ComputeNode is not { Length: > 0 } targets)
        {
            return [.. Connections.ResolveDefaultOrAllOpen()];
        }

        var connections = new List<ComputeNodeConnection>();
        foreach (var target in targets)
        {
            var connection = target.Resolve(Connections);
            if (!connections.Any(c => string.Equals(c.ComputeNode, connection.ComputeNode, StringComparison.Ordinal)))
            {
                connections.Add(connection);
            }
        }

        return connections;
    }

    /// <summary>
    /// One CN and no -Far/-Near: that CN, as before placement existed (its platform refusal is the planner's).
    /// Otherwise the CN placement chooses (NoComputeNodeFits when none does), with the decision for -WhatIf.
    /// </summary>
    private (ComputeNodeConnection Connection, PlacementDecision? Decision) Place(List<ComputeNodeConnection> candidates, System.Text.Json.Nodes.JsonObject payload)
    {
        var far = Far ?? [];
        var near = Near ?? [];
        if (candidates.Count == 1 && far.Length == 0 && near.Length == 0)
        {
            return (candidates[0], null);
        }

        // The policy's refusals come first, before anything is read (the planner translates again, to the same result).
        var translated = SafeDelegationTranslator.Translate(payload, policy);
        var request = PlacementRequest.FromPayload(translated.Payload, translated.SafeRequested, far, near);
        var decision = PlacementScorer.Place(request, candidates.Select(ledger!.Candidate).ToList());
        WriteVerbose(decision.Describe());
        var chosen = decision.ChosenOrThrow();
        return (candidates.First(c => c.ComputeNode == chosen), decision);
    }

    private bool WhatIfInEffect() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
            ? given is SwitchParameter { IsPresent: true }
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
}
